import type { Summary } from './summary.ts';

export interface SloRow {
  slo: string;
  objective: string;
  threshold: string;
  measured: string;
  ok: boolean;
  noData: boolean;
}

/** "p(99)<100" measures a trend in ms; "rate<0.001" a ratio shown in percent. */
function formatMeasured(expression: string, value: number | undefined): string {
  if (value === undefined) return 'no data';
  if (expression.startsWith('rate')) return `${Number((value * 100).toFixed(4))} %`;
  if (expression.startsWith('count')) return String(value);
  return `${Number(value.toFixed(1))} ms`;
}

export function sloTableRows(summary: Summary): SloRow[] {
  return summary.slo.map((objective) => ({
    slo: objective.sloId,
    objective: objective.title,
    threshold: `${objective.metric} ${objective.expression}`,
    measured: formatMeasured(objective.expression, objective.measured),
    ok: objective.ok,
    noData: objective.noData,
  }));
}

/** results/<run>/slo.md: each SLO objective, what was measured, pass or fail. */
export function renderSloMarkdown(summary: Summary): string {
  const rows = sloTableRows(summary).map(
    (r) =>
      `| ${r.slo} | ${r.objective} | \`${r.threshold}\` | ${r.measured} | ${r.noData ? 'no data' : r.ok ? 'pass' : '**FAIL**'} |`,
  );
  const m = summary.machine;
  return [
    `# SLOs: ${summary.scenario} run of ${summary.startedAt}`,
    '',
    `Target ${summary.baseUrl}, ${summary.durationSeconds} s; ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}.`,
    `Objectives from load/slo.yaml; latencies measured from each iteration's scheduled start.`,
    '',
    '| SLO | objective | threshold | measured | result |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Run verdict (every threshold of the scenario): ${summary.ok ? 'pass' : '**FAIL**'}`,
    '',
  ].join('\n');
}
