// Spike: a steady baseline, a sudden jump to SPIKE_FACTOR times the traffic for a short while,
// then back: does the system absorb it, and does latency recover once the spike is over?
//   make load SCENARIO=spike             (ORDER_RATE=10 READ_RATE=50 SPIKE_FACTOR=5)
import type { Options } from '../src/lib/runner.ts';
import { envNumber } from './lib/env.ts';
import { rampingMix, trafficFromEnv, type Traffic } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { sloOptions } from './lib/slo.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

const base = trafficFromEnv({ readsPerSecond: 50, ordersPerSecond: 10, loginsPerSecond: 1 });
const factor = envNumber('SPIKE_FACTOR', 5);
const spike: Traffic = {
  readsPerSecond: base.readsPerSecond * factor,
  ordersPerSecond: base.ordersPerSecond * factor,
  loginsPerSecond: base.loginsPerSecond * factor,
};
const scenarios = rampingMix(base, [
  { duration: '30s', traffic: base }, // baseline
  { duration: '5s', traffic: spike }, // the jump
  { duration: '30s', traffic: spike }, // held
  { duration: '5s', traffic: base }, // back
  { duration: '40s', traffic: base }, // recovery
]);

export const options: Options = {
  scenarios,
  ...sloOptions({ checks: ['rate>0.99'] }),
  windowSeconds: 2,
  connections: 256,
};

export const setup = setupFor(scenarios);
