import * as hdr from 'hdr-histogram-js';

// k6's metric types: a Trend keeps a distribution (latencies, in ms), a Counter adds up, a Rate
// is the share of true samples (failed requests, passed checks). Every sample carries tags; a
// series is one metric with one tag set, and thresholds select series by tags
// (`http_req_duration{slo:catalog-reads}`). Tags come from bounded sets only (route templates,
// status codes, scenario names), never ids: the same rule as Prometheus labels.

export type Tags = Record<string, string>;
export type MetricType = 'trend' | 'counter' | 'rate';

/** Trends are stored in microseconds, as integers, up to one hour, with 3 significant digits. */
const newHistogram = (digits: 2 | 3) =>
  hdr.build({
    bitBucketSize: 'packed',
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: digits,
  });
export type Histogram = ReturnType<typeof newHistogram>;
const toMicros = (ms: number) => Math.min(3_600_000_000, Math.max(1, Math.round(ms * 1000)));

interface Cell {
  histogram?: Histogram;
  count: number;
  passes: number;
}

export interface Series {
  tags: Tags;
  total: Cell;
  /** Per time window (index = elapsed / windowMs): coarser histograms, for the report's plots. */
  windows: Map<number, Cell>;
}

export interface Metric {
  name: string;
  type: MetricType;
  series: Map<string, Series>;
}

/** What a selection of series adds up to: trend values in ms, counter totals, rate ratios. */
export interface Aggregate {
  count: number;
  passes: number;
  histogram?: Histogram;
}

const tagKey = (tags: Tags) =>
  Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`)
    .join(',');

export const matches = (tags: Tags, filter: Tags) =>
  Object.entries(filter).every(([key, value]) => tags[key] === value);

export class MetricRegistry {
  readonly metrics = new Map<string, Metric>();

  /** Width of a time window of the report's plots. */
  readonly windowMs: number;
  /** The run's time zero on `clock`. */
  readonly startedAt: number;
  private readonly clock: () => number;

  constructor(windowMs: number, clock: () => number = () => performance.now(), startedAt = clock()) {
    this.windowMs = windowMs;
    this.clock = clock;
    this.startedAt = startedAt;
  }

  addTrend(name: string, valueMs: number, tags: Tags): void {
    const micros = toMicros(valueMs);
    this.record(name, 'trend', tags, (cell, digits) => {
      cell.histogram ??= newHistogram(digits);
      cell.histogram.recordValue(micros);
      cell.count += 1;
    });
  }

  addCounter(name: string, value: number, tags: Tags): void {
    this.record(name, 'counter', tags, (cell) => (cell.count += value));
  }

  addRate(name: string, passed: boolean, tags: Tags): void {
    this.record(name, 'rate', tags, (cell) => {
      cell.count += 1;
      if (passed) cell.passes += 1;
    });
  }

  windowOf(at = this.clock()): number {
    return Math.max(0, Math.floor((at - this.startedAt) / this.windowMs));
  }

  /** Sum of the series of `name` whose tags include `filter`, over the run or one window. */
  aggregate(name: string, filter: Tags = {}, window?: number): Aggregate {
    const result: Aggregate = { count: 0, passes: 0 };
    for (const series of this.metrics.get(name)?.series.values() ?? []) {
      if (!matches(series.tags, filter)) continue;
      const cell = window === undefined ? series.total : series.windows.get(window);
      if (!cell) continue;
      result.count += cell.count;
      result.passes += cell.passes;
      if (cell.histogram) {
        result.histogram ??= newHistogram(window === undefined ? 3 : 2);
        result.histogram.add(cell.histogram);
      }
    }
    return result;
  }

  /** The distinct values of `tag` among the series of `name` (e.g. every route seen). */
  tagValues(name: string, tag: string, filter: Tags = {}): string[] {
    const values = new Set<string>();
    for (const series of this.metrics.get(name)?.series.values() ?? [])
      if (series.tags[tag] !== undefined && matches(series.tags, filter)) values.add(series.tags[tag]);
    return [...values].sort();
  }

  private record(name: string, type: MetricType, tags: Tags, add: (cell: Cell, digits: 2 | 3) => void) {
    let metric = this.metrics.get(name);
    if (!metric) {
      metric = { name, type, series: new Map() };
      this.metrics.set(name, metric);
    } else if (metric.type !== type) {
      throw new Error(`metric ${name} is a ${metric.type}, not a ${type}`);
    }
    const key = tagKey(tags);
    let series = metric.series.get(key);
    if (!series) {
      series = { tags: { ...tags }, total: { count: 0, passes: 0 }, windows: new Map() };
      metric.series.set(key, series);
    }
    add(series.total, 3);
    const window = this.windowOf();
    let cell = series.windows.get(window);
    if (!cell) {
      cell = { count: 0, passes: 0 };
      series.windows.set(window, cell);
    }
    add(cell, 2);
  }
}

/** Trend statistics in milliseconds (k6 names: avg, min, med, max, p(N)). */
export function trendStat(histogram: Histogram | undefined, stat: string): number | undefined {
  if (!histogram || histogram.totalCount === 0) return undefined;
  const ms = (micros: number) => micros / 1000;
  if (stat === 'avg') return ms(histogram.mean);
  if (stat === 'min') return ms(histogram.minNonZeroValue);
  if (stat === 'max') return ms(histogram.maxValue);
  if (stat === 'med') return ms(histogram.getValueAtPercentile(50));
  const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (percentile) return ms(histogram.getValueAtPercentile(Number(percentile[1])));
  throw new Error(`unknown trend statistic ${stat}`);
}
