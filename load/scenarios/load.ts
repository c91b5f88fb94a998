// Load: the expected traffic at a constant arrival rate, judged against the SLOs.
//   make load                            (READ_RATE=50 ORDER_RATE=5 LOGIN_RATE=2 DURATION=2m)
// The defaults are traffic the 2-core reference machine carries within every SLO with room to
// spare, even right after `make up`; twice that (100 reads/s, 10 orders/s with their status
// polls) holds once the system is warm but not in its first minutes (docs/performance.md).
// Raise them on a bigger machine.
import type { Options } from '../src/lib/runner.ts';
import { envString } from './lib/env.ts';
import { constantMix, trafficFromEnv } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { sloOptions } from './lib/slo.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

const scenarios = constantMix(
  trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 5, loginsPerSecond: 2 }),
  envString('DURATION', '2m'),
);

export const options: Options = {
  scenarios,
  // A dropped iteration means the offered rate was not the planned one: the run would not say
  // what it claims to, so it fails.
  ...sloOptions({ checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
};

export const setup = setupFor(scenarios);
