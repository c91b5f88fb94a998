// Spike: a steady baseline, a sudden jump to SPIKE_FACTOR times the traffic for a short while,
// then back: does the system absorb it, and does latency recover once the spike is over?
//   make load SCENARIO=spike    k6 run k6/spike.ts    (ORDER_RATE=10 READ_RATE=50 SPIKE_FACTOR=5)
import type { Options } from 'k6/options';
import { envNumber } from './lib/env.ts';
import { plannedOrders, rampingMix, trafficFromEnv, type MixStage, type Traffic } from './lib/mix.ts';
import { seedShop, type ShopData } from './lib/seed.ts';
import { summaryFor } from './lib/summary.ts';
import { scenarioThresholds, SUMMARY_TREND_STATS } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

const base = trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 10, loginsPerSecond: 1 });
const factor = envNumber('SPIKE_FACTOR', 5);
const spike: Traffic = {
  readsPerSecond: base.readsPerSecond * factor,
  ordersPerSecond: base.ordersPerSecond * factor,
  loginsPerSecond: base.loginsPerSecond * factor,
};
const stages: MixStage[] = [
  { duration: '30s', traffic: base }, // baseline
  { duration: '5s', traffic: spike }, // the jump
  { duration: '30s', traffic: spike }, // held
  { duration: '5s', traffic: base }, // back
  { duration: '40s', traffic: base }, // recovery
];

export const options: Options = {
  scenarios: rampingMix(base, stages),
  thresholds: scenarioThresholds(true, { checks: ['rate>0.99'] }),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

/** For the runner only (k6 ignores this export): 2-second windows show the recovery. */
export const runnerOptions = { windowSeconds: 2, connections: 256 };

export function setup(): Promise<ShopData> {
  return seedShop({ expectedOrders: plannedOrders(base, stages) });
}

export const handleSummary = summaryFor('spike');
