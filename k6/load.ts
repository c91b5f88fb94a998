// Load: the expected traffic at a constant arrival rate, judged against the SLOs.
//   make load          k6 run k6/load.ts          (READ_RATE=50 ORDER_RATE=5 LOGIN_RATE=2 DURATION=2m)
// The defaults are traffic the 2-core reference machine carries within every SLO with room to
// spare, even right after `make up`; twice that (100 reads/s, 10 orders/s with their status
// polls) holds once the system is warm but not in its first minutes (docs/performance.md).
// Raise them on a bigger machine.
import type { Options } from 'k6/options';
import { envString } from './lib/env.ts';
import { trafficFromEnv } from './lib/mix.ts';
import { constantRate } from './lib/scenario.ts';
import { scenarioThresholds } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

const scenario = constantRate(
  'load',
  trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 5, loginsPerSecond: 2 }),
  envString('DURATION', '2m'),
  // A dropped iteration means the offered rate was not the planned one: the run would not say
  // what it claims to, so it fails.
  scenarioThresholds(true, { checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
);

export const options: Options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;
