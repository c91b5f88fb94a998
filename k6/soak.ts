// Soak: moderate traffic for a long time. Finds what only time reveals: leaks (memory, pool
// connections, timers: P07), growing tables and indexes, token expiry (access tokens renew
// every 10 minutes here), outbox/inbox cleanup, Kafka consumer lag that creeps up.
//   make load SCENARIO=soak     k6 run k6/soak.ts     (SOAK_DURATION=30m READ_RATE=50 ORDER_RATE=10)
import type { Options } from 'k6/options';
import { envString } from './lib/env.ts';
import { constantMix, plannedOrders, trafficFromEnv } from './lib/mix.ts';
import { seedShop, type ShopData } from './lib/seed.ts';
import { summaryFor } from './lib/summary.ts';
import { scenarioThresholds, SUMMARY_TREND_STATS } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

const traffic = trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 10, loginsPerSecond: 1 });
const duration = envString('SOAK_DURATION', '30m');

export const options: Options = {
  scenarios: constantMix(traffic, duration),
  thresholds: scenarioThresholds(true, { checks: ['rate>0.99'], dropped_iterations: ['count==0'] }),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

export function setup(): Promise<ShopData> {
  return seedShop({ expectedOrders: plannedOrders(traffic, [{ duration, traffic }]) });
}

export const handleSummary = summaryFor('soak');
