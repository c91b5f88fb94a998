// Smoke: a few seconds of the whole mix at a trickle. It proves the scripts, the seeding and the
// system's main paths still work together, so CI runs it after the e2e suite and the scripts
// never rot: a script error, a dropped iteration or a check failing systematically fails it. One
// slow login on a busy CI machine does not (the e2e suite judges correctness, `load` the SLOs).
// The SLOs are measured and reported (slo.md) but not enforced: a p99 of ten seconds of traffic
// says nothing about the system.
//   make load SCENARIO=smoke            k6 run -e SMOKE_DURATION=10s k6/smoke.ts
import type { Options } from 'k6/options';
import { envString } from './lib/env.ts';
import { constantRate } from './lib/scenario.ts';
import { scenarioThresholds } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

// About 15 requests/s: 8 reads, 1 order (+ its polls), 0.5 logins; few products and customers.
const scenario = constantRate(
  'smoke',
  { readsPerSecond: 8, ordersPerSecond: 1, loginsPerSecond: 0.5 },
  envString('SMOKE_DURATION', '10s'),
  scenarioThresholds(false, {
    checks: ['rate>0.95'],
    http_req_server_errors: ['rate<0.05'],
    dropped_iterations: ['count==0'],
    iteration_errors: ['count==0'],
  }),
  { products: 5, customers: 3 },
);

export const options: Options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;

/** For the runner only (k6 ignores this export): a trickle needs few connections. */
export const runnerOptions = { connections: 16 };
