// Soak: moderate traffic for a long time. Finds what only time reveals: leaks (memory, pool
// connections, timers: P07), growing tables and indexes, token expiry (access tokens renew
// every 10 minutes here), outbox/inbox cleanup, Kafka consumer lag that creeps up.
//   make load SCENARIO=soak              (SOAK_DURATION=30m READ_RATE=50 ORDER_RATE=10)
import type { Options } from '../src/lib/runner.ts';
import { envString } from './lib/env.ts';
import { constantMix, trafficFromEnv } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { sloOptions } from './lib/slo.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

const scenarios = constantMix(
  trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 10, loginsPerSecond: 1 }),
  envString('SOAK_DURATION', '30m'),
);

export const options: Options = {
  scenarios,
  ...sloOptions({ checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
};

export const setup = setupFor(scenarios);
