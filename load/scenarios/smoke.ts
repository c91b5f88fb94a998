// Smoke: a few seconds of the whole mix at a trickle. It proves the scenarios, the seeding and
// the system's main paths still work together, so CI runs it after the e2e suite and the scripts
// never rot: a script error, a dropped iteration or a check failing systematically fails it. One
// slow login on a busy CI machine does not (the e2e suite judges correctness, `load` the SLOs).
// The SLOs are measured and reported (slo.md) but not enforced: a p99 of ten seconds of traffic
// says nothing about the system.
//   make load SCENARIO=smoke            (SMOKE_DURATION=10s)
import type { Options } from '../src/lib/runner.ts';
import { envString } from './lib/env.ts';
import { constantMix } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { SLO_THRESHOLDS } from '../generated/slo-thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

// About 15 requests/s: 8 reads, 1 order (+ its polls every 250 ms), 0.5 logins.
const scenarios = constantMix(
  { readsPerSecond: 8, ordersPerSecond: 1, loginsPerSecond: 0.5 },
  envString('SMOKE_DURATION', '10s'),
);

export const options: Options = {
  scenarios,
  thresholds: {
    checks: ['rate>0.95'],
    http_req_server_errors: ['rate<0.05'],
    dropped_iterations: ['count==0'],
    iteration_errors: ['count==0'],
  },
  sloRoutes: SLO_THRESHOLDS.routes,
  connections: 16,
};

export const setup = setupFor(scenarios, { products: 5, customers: 3 });
