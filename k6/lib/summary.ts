import { BASE_URL, envString } from './env.ts';
import { renderSloTable, sloVerdicts, type MetricSummary } from './slo-table.ts';
import { REPORTED_ROUTES, routeSelector } from './thresholds.ts';
import { SLO_THRESHOLDS } from './slo-thresholds.ts';

// handleSummary(data): k6 and the runner both call it with k6's summary object at the end of
// the run, so both write the same files into OUT_DIR (relative to the working directory):
//   summary.json  verdicts, SLO table, per-route figures, checks (scripts/cluster reads routes)
//   slo.md        the SLO table
// and print the SLO table and the per-route lines.

interface Check {
  name: string;
  passes: number;
  fails: number;
}
interface Group {
  checks: Check[];
  groups: Group[];
}
export interface SummaryData {
  metrics: Record<string, MetricSummary | undefined>;
  root_group: Group;
  state: { testRunDurationMs: number };
}

const allChecks = (group: Group): Check[] => [...group.checks, ...group.groups.flatMap(allChecks)];
const round = (value: number | undefined, digits = 2) =>
  value === undefined ? undefined : Number(value.toFixed(digits));

function routeFigures(data: SummaryData) {
  const value = (key: string, stat: string) => data.metrics[key]?.values[stat];
  return Object.entries(REPORTED_ROUTES).map(([route, statuses]) => {
    const [method, name] = route.split(' ') as [string, string];
    const requests = value(`http_reqs${routeSelector(route)}`, 'count') ?? 0;
    const expected = statuses.map((status): [string, number] => [
      String(status),
      value(`http_reqs${routeSelector(route, `,status:${status}`)}`, 'count') ?? 0,
    ]);
    /** No answer (status 0: refused, reset, timed out) or a 5xx. */
    const unavailable = value(`http_req_server_errors${routeSelector(route)}`, 'passes') ?? 0;
    const answeredOtherwise = requests - unavailable - expected.reduce((sum, [, count]) => sum + count, 0);
    return {
      method,
      route: name,
      slo: SLO_THRESHOLDS.routes[route],
      requests,
      /** The statuses the route is expected to answer, and `other` (e.g. a 429 or a 409). */
      statuses: Object.fromEntries([...expected, ['other', answeredOtherwise]]),
      unavailable,
      failedRate: round(value(`http_req_failed${routeSelector(route)}`, 'rate'), 6) ?? 0,
      p95: requests > 0 ? round(value(`http_req_duration${routeSelector(route)}`, 'p(95)')) : undefined,
      p99: requests > 0 ? round(value(`http_req_duration${routeSelector(route)}`, 'p(99)')) : undefined,
    };
  });
}

/** The handleSummary of the scenario `scenario`. */
export const summaryFor =
  (scenario: string) =>
  (data: SummaryData): Record<string, string> => {
    const outDir = envString('OUT_DIR', `results/${scenario}`);
    const thresholds = Object.entries(data.metrics).flatMap(([key, metric]) =>
      Object.entries(metric?.thresholds ?? {}).map(([expression, { ok }]) => ({ key, expression, ok })),
    );
    const slo = sloVerdicts(data.metrics);
    const routes = routeFigures(data);
    const summary = {
      tool: envString('LOAD_TOOL', 'k6'),
      scenario,
      baseUrl: BASE_URL,
      durationSeconds: round(data.state.testRunDurationMs / 1000, 1),
      ok: thresholds.every((t) => t.ok),
      failedThresholds: thresholds.filter((t) => !t.ok),
      slo,
      routes,
      checks: allChecks(data.root_group).map(({ name, passes, fails }) => ({ name, passes, fails })),
      metrics: Object.fromEntries(
        [
          'iterations',
          'dropped_iterations',
          'checks',
          'http_reqs',
          'http_req_duration',
          'http_req_server_errors',
          'saga_duration',
        ]
          .filter((name) => data.metrics[name])
          .map((name) => [name, data.metrics[name]?.values]),
      ),
    };
    const sloTable = renderSloTable(`${scenario} run (${summary.tool})`, slo);
    const lines = routes.map(
      (r) =>
        `  ${`${r.method} ${r.route}`.padEnd(30)} ${String(r.requests).padStart(7)} req  p95 ${r.p95 ?? '-'} ms  p99 ${r.p99 ?? '-'} ms  failed ${((r.failedRate ?? 0) * 100).toFixed(2)} %  no answer or 5xx ${r.unavailable}`,
    );
    const failed = summary.failedThresholds.map((t) => `  threshold FAILED: ${t.key} ${t.expression}`);
    return {
      [`${outDir}/summary.json`]: `${JSON.stringify(summary, null, 2)}\n`,
      [`${outDir}/slo.md`]: sloTable,
      stdout: `\n${sloTable}\n${[...lines, ...failed].join('\n')}\n`,
    };
  };
