// Soak: moderate traffic for a long time. Finds what only time reveals: leaks (memory, pool
// connections, timers), growing tables and indexes, token expiry (access tokens renew
// every 10 minutes here), outbox/inbox cleanup, Kafka consumer lag that creeps up.
//   make load SCENARIO=soak     k6 run k6/soak.ts     (SOAK_DURATION=30m READ_RATE=50 ORDER_RATE=10)
import type { Options } from 'k6/options';
import { envString } from './lib/env.ts';
import { trafficFromEnv } from './lib/mix.ts';
import { constantRate } from './lib/scenario.ts';
import { scenarioThresholds } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

const scenario = constantRate(
  'soak',
  trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 10, loginsPerSecond: 1 }),
  envString('SOAK_DURATION', '30m'),
  scenarioThresholds(true, { checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
);

export const options: Options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;
