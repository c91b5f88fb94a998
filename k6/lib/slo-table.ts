import { SLO_THRESHOLDS } from './slo-thresholds.ts';
import type { SloObjective } from './slo-types.ts';

// The SLO table of a run: each objective of load/slo.yaml, what was measured, pass or fail.
// It judges the objective itself (not the run's threshold), so a scenario that only observes
// the SLOs (the smoke) reports them the same way.

/** The part of k6's handleSummary data a metric entry has. */
export interface MetricSummary {
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SloVerdict extends SloObjective {
  measured: number | undefined;
  ok: boolean;
  noData: boolean;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

export function sloVerdicts(metrics: Record<string, MetricSummary | undefined>): SloVerdict[] {
  return SLO_THRESHOLDS.objectives.map((objective) => {
    const match = /^(p\(\d+(?:\.\d+)?\)|rate)\s*(<=|>=|<|>)\s*([\d.]+)$/.exec(objective.expression);
    if (!match) throw new Error(`unsupported SLO expression ${objective.expression}`);
    const [, aggregation, operator, limit] = match as unknown as [string, string, string, string];
    const values = metrics[objective.metric]?.values;
    const samples = values
      ? aggregation === 'rate'
        ? (values['passes'] ?? 0) + (values['fails'] ?? 0)
        : (values['count'] ?? 0)
      : 0;
    const measured = samples > 0 ? values?.[aggregation] : undefined;
    const noData = measured === undefined;
    return {
      ...objective,
      measured,
      noData,
      ok: noData || (COMPARE[operator] as (a: number, b: number) => boolean)(measured, Number(limit)),
    };
  });
}

const formatMeasured = (expression: string, value: number | undefined) =>
  value === undefined
    ? 'no data'
    : expression.startsWith('rate')
      ? `${Number((value * 100).toFixed(4))} %`
      : `${Number(value.toFixed(1))} ms`;

/** slo.md: the table in markdown. */
export function renderSloTable(title: string, verdicts: SloVerdict[]): string {
  return [
    `# SLOs: ${title}`,
    '',
    'Objectives from load/slo.yaml.',
    '',
    '| SLO | objective | threshold | measured | result |',
    '| --- | --- | --- | --- | --- |',
    ...verdicts.map(
      (v) =>
        `| ${v.sloId} | ${v.title} | \`${v.metric} ${v.expression}\` | ${formatMeasured(v.expression, v.measured)} | ${v.noData ? 'no data' : v.ok ? 'pass' : '**FAIL**'} |`,
    ),
    '',
  ].join('\n');
}
