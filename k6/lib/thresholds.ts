import { SLO_THRESHOLDS } from './slo-thresholds.ts';

// The thresholds of a scenario: the SLOs (generated from load/slo.yaml), the scenario's own, and
// "observed" selections. k6 aggregates a tag selection (`http_reqs{name:/v1/orders}`) only when
// a threshold names it, so the per-route figures handleSummary reports are requested here with
// expressions that always hold: they are read, never judged.

/** The SLO objectives, exported by every scenario: the runner's HTML report draws them (k6 ignores the export). */
export const sloObjectives = SLO_THRESHOLDS.objectives;

/** Trend statistics handed to handleSummary (k6's default lacks p(99) and count). */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** The routes the summary lists, with the statuses each is expected to answer. */
export const REPORTED_ROUTES: Record<string, number[]> = {
  'GET /v1/products': [200],
  'GET /v1/products/:productId': [200, 404],
  'GET /v1/products/by-sku/:sku': [200, 404],
  'POST /v1/orders': [202],
  'GET /v1/orders/:orderId': [200],
  'POST /v1/auth/login': [200],
};

/** `GET /v1/orders/:orderId` -> `{name:/v1/orders/:orderId,method:GET}`. */
export const routeSelector = (route: string, extra = ''): string => {
  const [method, name] = route.split(' ');
  return `{name:${name},method:${method}${extra}}`;
};

function observed(): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const [route, statuses] of Object.entries(REPORTED_ROUTES)) {
    keys[`http_reqs${routeSelector(route)}`] = ['count>=0'];
    keys[`http_req_duration${routeSelector(route)}`] = ['max>=0'];
    keys[`http_req_failed${routeSelector(route)}`] = ['rate>=0'];
    keys[`http_req_server_errors${routeSelector(route)}`] = ['rate>=0'];
    for (const status of statuses)
      keys[`http_reqs${routeSelector(route, `,status:${status}`)}`] = ['count>=0'];
  }
  for (const { metric } of SLO_THRESHOLDS.objectives)
    keys[metric] = [metric.startsWith('http_req_server_errors') ? 'rate>=0' : 'max>=0'];
  return keys;
}

/**
 * Observed selections, the SLO thresholds when `enforceSlos`, and `extra` (a scenario's own,
 * e.g. `dropped_iterations: ['count==0']`). Any failing threshold fails the run (exit code 99).
 */
export function scenarioThresholds(
  enforceSlos: boolean,
  extra: Record<string, string[]> = {},
): Record<string, string[]> {
  const judged: Record<string, string[]> = {};
  for (const source of [enforceSlos ? SLO_THRESHOLDS.thresholds : {}, extra])
    for (const [key, expressions] of Object.entries(source))
      judged[key] = [...(judged[key] ?? []), ...expressions];
  // A judged key is aggregated anyway: its placeholder goes.
  return { ...observed(), ...judged };
}
