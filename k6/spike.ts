// Spike: a steady baseline, a sudden jump to SPIKE_FACTOR times the traffic for a short while,
// then back: does the system absorb it, and does latency recover once the spike is over?
//   make load SCENARIO=spike    k6 run k6/spike.ts    (ORDER_RATE=10 READ_RATE=50 SPIKE_FACTOR=5)
import type { Options } from 'k6/options';
import { envNumber } from './lib/env.ts';
import { trafficFromEnv, type MixStage, type Traffic } from './lib/mix.ts';
import { rampingRate } from './lib/scenario.ts';
import { scenarioThresholds } from './lib/thresholds.ts';

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

const scenario = rampingRate('spike', base, stages, scenarioThresholds(true, { checks: ['rate>0.99'] }));

export const options: Options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;

/** For the runner only (k6 ignores this export): 2-second windows show the recovery. */
export const runnerOptions = { windowSeconds: 2, connections: 256 };
