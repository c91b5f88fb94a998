import { trendStat, type MetricRegistry, type Tags } from './metrics.ts';

// Thresholds in k6's syntax: `{ 'http_req_duration{slo:catalog-reads}': ['p(99)<100'] }`.
// The key is a metric with an optional tag filter, each expression an aggregation compared with
// a number: trends p(N)/avg/min/med/max (ms), rates `rate`, counters `count` and `rate` (per s).
// Any failing threshold fails the run (exit code 99, like k6).

const OPERATORS = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '===': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
} as const;
type Operator = keyof typeof OPERATORS;

export interface ParsedThreshold {
  /** The key as written: `http_req_duration{slo:catalog-reads}`. */
  key: string;
  metric: string;
  filter: Tags;
  expression: string;
  aggregation: string;
  operator: Operator;
  value: number;
}

export interface ThresholdResult {
  key: string;
  expression: string;
  /** The aggregation's measured value; undefined when the metric got no sample. */
  actual: number | undefined;
  /** A threshold with no data does not fail the run (as in k6), but says so. */
  ok: boolean;
  noData: boolean;
}

export function parseMetricKey(key: string): { metric: string; filter: Tags } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{([^}]*)\})?$/.exec(key.trim());
  if (!match) throw new Error(`invalid threshold metric "${key}" (expected name or name{tag:value,...})`);
  const filter: Tags = {};
  for (const pair of (match[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf(':');
    if (at <= 0) throw new Error(`invalid tag filter "${pair}" in "${key}" (expected tag:value)`);
    filter[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return { metric: match[1] as string, filter };
}

export function parseThreshold(key: string, expression: string): ParsedThreshold {
  const match =
    /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|count|rate)\s*(===|==|!=|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(
      expression,
    );
  if (!match)
    throw new Error(`invalid threshold "${expression}" on ${key} (expected e.g. p(95)<200, rate<0.01)`);
  return {
    key,
    ...parseMetricKey(key),
    expression,
    aggregation: match[1] as string,
    operator: match[2] as Operator,
    value: Number(match[3]),
  };
}

export function parseThresholds(thresholds: Record<string, string[]>): ParsedThreshold[] {
  return Object.entries(thresholds).flatMap(([key, expressions]) =>
    expressions.map((expression) => parseThreshold(key, expression)),
  );
}

/** The aggregation's value over the run (window undefined) or one time window. */
export function measure(
  registry: MetricRegistry,
  threshold: ParsedThreshold,
  options: { window?: number; elapsedMs?: number } = {},
): number | undefined {
  const type = registry.metrics.get(threshold.metric)?.type;
  const total = registry.aggregate(threshold.metric, threshold.filter, options.window);
  if (!type || total.count === 0) return undefined;
  const { aggregation } = threshold;
  if (type === 'trend') {
    if (aggregation === 'count' || aggregation === 'rate')
      throw new Error(`${threshold.key}: a trend has no ${aggregation}; use p(N), avg, min, med or max`);
    return trendStat(total.histogram, aggregation);
  }
  if (type === 'rate') {
    if (aggregation !== 'rate') throw new Error(`${threshold.key}: a rate metric supports only rate`);
    return total.passes / total.count;
  }
  if (aggregation === 'count') return total.count;
  if (aggregation === 'rate') {
    const seconds = (options.window === undefined ? (options.elapsedMs ?? 0) : registry.windowMs) / 1000;
    return seconds > 0 ? total.count / seconds : undefined;
  }
  throw new Error(`${threshold.key}: a counter supports count and rate`);
}

export function evaluate(
  registry: MetricRegistry,
  threshold: ParsedThreshold,
  options: { window?: number; elapsedMs?: number } = {},
): ThresholdResult {
  const actual = measure(registry, threshold, options);
  const noData = actual === undefined;
  return {
    key: threshold.key,
    expression: threshold.expression,
    actual,
    noData,
    ok: noData || OPERATORS[threshold.operator](actual, threshold.value),
  };
}
