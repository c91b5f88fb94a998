// Stress: the arrival rate ramps up until the SLOs break. Under the runner, the report names the
// highest offered rate whose 5-second window, and the one before it, met every threshold, and
// scheduling stops after three consecutive breached windows, so a broken system is not hammered
// for minutes (runnerOptions). Under k6, read the same from its web dashboard (k6/README.md).
//   make load SCENARIO=stress   k6 run k6/stress.ts   (ORDER_RATE_MAX=100 READS_PER_ORDER=10 STRESS_DURATION=5m)
import type { Options } from 'k6/options';
import { envNumber, envString } from './lib/env.ts';
import type { MixStage, Traffic } from './lib/mix.ts';
import { rampingRate } from './lib/scenario.ts';
import { scenarioThresholds } from './lib/thresholds.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/thresholds.ts';

const readsPerOrder = envNumber('READS_PER_ORDER', 10);
const traffic = (ordersPerSecond: number): Traffic => ({
  ordersPerSecond,
  readsPerSecond: ordersPerSecond * readsPerOrder,
  loginsPerSecond: Math.max(0.1, ordersPerSecond / 10),
});
const start = traffic(envNumber('ORDER_RATE_START', 2));
const stages: MixStage[] = [
  { duration: envString('STRESS_DURATION', '5m'), traffic: traffic(envNumber('ORDER_RATE_MAX', 100)) },
];

const scenario = rampingRate(
  'stress',
  start,
  stages,
  scenarioThresholds(true, { dropped_iterations: ['count==0'] }),
);

export const options: Options = scenario.options;
export const setup = scenario.setup;
export const handleSummary = scenario.handleSummary;

/** For the runner only (k6 ignores this export). */
export const runnerOptions = { windowSeconds: 5, stopAfterBreachedWindows: 3, connections: 256 };
