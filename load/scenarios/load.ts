// Load: the expected traffic at a constant arrival rate, judged against the SLOs.
//   make load                            (READ_RATE=100 ORDER_RATE=10 LOGIN_RATE=2 DURATION=2m)
// The default order rate sits below the knee measured on the 2-core reference machine
// (14-18 confirmed orders/s: docs/performance.md); raise ORDER_RATE on a bigger one.
import type { Options } from '../src/lib/runner.ts';
import { envString } from './lib/env.ts';
import { constantMix, trafficFromEnv } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { sloOptions } from './lib/slo.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

const scenarios = constantMix(
  trafficFromEnv({ readsPerSecond: 100, ordersPerSecond: 10, loginsPerSecond: 2 }),
  envString('DURATION', '2m'),
);

export const options: Options = {
  scenarios,
  // A dropped iteration means the offered rate was not the planned one: the run would not say
  // what it claims to, so it fails.
  ...sloOptions({ checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
};

export const setup = setupFor(scenarios);
