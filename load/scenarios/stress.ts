// Stress: the arrival rate ramps up until the SLOs break; the report names the highest offered
// rate whose window, and the one before it, met every threshold (summary.json `capacity`).
// Scheduling stops after three consecutive breached 5-second windows, so a broken system is not
// hammered for minutes.
//   make load SCENARIO=stress            (ORDER_RATE_MAX=100 READS_PER_ORDER=10 STRESS_DURATION=5m)
import type { Options } from '../src/lib/runner.ts';
import { envNumber, envString } from './lib/env.ts';
import { rampingMix, type Traffic } from './lib/mix.ts';
import { setupFor } from './lib/seed.ts';
import { sloOptions } from './lib/slo.ts';

export { browse, login, placeOrder } from './lib/mix.ts';
export { sloObjectives } from './lib/slo.ts';

const readsPerOrder = envNumber('READS_PER_ORDER', 10);
const traffic = (ordersPerSecond: number): Traffic => ({
  ordersPerSecond,
  readsPerSecond: ordersPerSecond * readsPerOrder,
  loginsPerSecond: Math.max(0.1, ordersPerSecond / 10),
});
const scenarios = rampingMix(traffic(envNumber('ORDER_RATE_START', 2)), [
  { duration: envString('STRESS_DURATION', '5m'), traffic: traffic(envNumber('ORDER_RATE_MAX', 100)) },
]);

export const options: Options = {
  scenarios,
  ...sloOptions({ dropped_iterations: ['count==0'] }),
  windowSeconds: 5,
  stopAfterBreachedWindows: 3,
  connections: 256,
};

export const setup = setupFor(scenarios);
