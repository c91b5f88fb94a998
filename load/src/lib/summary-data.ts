import { trendStat, type MetricRegistry, type Tags } from './metrics.ts';
import type { RunResult } from './runner.ts';
import { parseMetricKey } from './thresholds.ts';

// The object k6 passes to handleSummary(data) ("Custom summary" in the k6 docs): every metric
// with its aggregated values, a sub-metric per threshold key (`http_reqs{name:/v1/orders}`:
// k6 aggregates a tag selection only where a threshold names it), each threshold's verdict,
// the checks by group, and setup()'s data; the shape of k6's internal/js/summary.go. The script
// turns it into its own files, so the same handleSummary writes the same summary under k6 and
// under the runner.

export const K6_DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

type Values = Record<string, number>;

export interface SummaryMetric {
  type: 'trend' | 'counter' | 'rate';
  contains: 'time' | 'default';
  values: Values;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface SummaryGroup {
  name: string;
  path: string;
  id: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}

export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  root_group: SummaryGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { testRunDurationMs: number; isStdOutTTY: boolean; isStdErrTTY: boolean };
  setup_data: unknown;
}

const TIME_TRENDS = new Set(['http_req_duration', 'iteration_duration', 'iteration_start_lag']);

function valuesOf(
  registry: MetricRegistry,
  metric: string,
  filter: Tags,
  trendStats: string[],
  elapsedMs: number,
): Values {
  const type = registry.metrics.get(metric)?.type;
  const total = registry.aggregate(metric, filter);
  if (type === 'trend')
    return Object.fromEntries(
      trendStats.map((stat) => [
        stat,
        stat === 'count' ? total.count : (trendStat(total.histogram, stat) ?? 0),
      ]),
    );
  if (type === 'rate')
    return {
      rate: total.count === 0 ? 0 : total.passes / total.count,
      passes: total.passes,
      fails: total.count - total.passes,
    };
  return { count: total.count, rate: total.count / Math.max(elapsedMs / 1000, 1e-9) };
}

function groupTree(registry: MetricRegistry): SummaryGroup {
  const root: SummaryGroup = { name: '', path: '', id: '', groups: [], checks: [] };
  const groupAt = (path: string): SummaryGroup => {
    if (path === '') return root;
    const cut = path.lastIndexOf('::');
    const parent = groupAt(path.slice(0, cut));
    let group = parent.groups.find((g) => g.path === path);
    if (!group) {
      group = { name: path.slice(cut + 2), path, id: path, groups: [], checks: [] };
      parent.groups.push(group);
    }
    return group;
  };
  for (const path of registry.tagValues('checks', 'group'))
    for (const name of registry.tagValues('checks', 'check', { group: path })) {
      const total = registry.aggregate('checks', { group: path, check: name });
      groupAt(path).checks.push({
        name,
        path: `${path}::${name}`,
        id: `${path}::${name}`,
        passes: total.passes,
        fails: total.count - total.passes,
      });
    }
  return root;
}

export function summaryData(result: RunResult, trendStats = K6_DEFAULT_TREND_STATS): SummaryData {
  const { registry, elapsedMs } = result;
  const metrics: Record<string, SummaryMetric> = {};
  const describe = (key: string): SummaryMetric | undefined => {
    const { metric, filter } = parseMetricKey(key);
    const type = registry.metrics.get(metric)?.type;
    if (!type) return undefined;
    return {
      type,
      contains: type === 'trend' && TIME_TRENDS.has(metric) ? 'time' : 'default',
      values: valuesOf(registry, metric, filter, trendStats, elapsedMs),
    };
  };
  for (const name of registry.metrics.keys()) {
    const described = describe(name);
    if (described) metrics[name] = described;
  }
  for (const threshold of result.thresholds) {
    const entry = (metrics[threshold.key] ??= describe(threshold.key) ?? {
      type: 'counter',
      contains: 'default',
      values: { count: 0, rate: 0 },
    });
    (entry.thresholds ??= {})[threshold.expression] = { ok: threshold.ok };
  }
  return {
    metrics,
    root_group: groupTree(registry),
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
    state: { testRunDurationMs: elapsedMs, isStdOutTTY: false, isStdErrTTY: false },
    setup_data: result.setupData,
  };
}
