import { arrivalOffsets, type ScenarioConfig } from '../../src/lib/executors.ts';
import { envNumber } from './env.ts';

// The shop's traffic as three open-model scenarios running side by side (k6 `scenarios`):
// browse (catalog reads), orders (place + retry + poll to the end) and logins. Each has its
// own arrival rate, so "100 reads/s and 20 orders/s" is exactly what is offered.

export interface Traffic {
  readsPerSecond: number;
  ordersPerSecond: number;
  loginsPerSecond: number;
}

/** READ_RATE, ORDER_RATE and LOGIN_RATE from the environment, with the scenario's defaults. */
export const trafficFromEnv = (defaults: Traffic): Traffic => ({
  readsPerSecond: envNumber('READ_RATE', defaults.readsPerSecond),
  ordersPerSecond: envNumber('ORDER_RATE', defaults.ordersPerSecond),
  loginsPerSecond: envNumber('LOGIN_RATE', defaults.loginsPerSecond),
});

/** A stage of the whole mix: every rate scaled to `traffic` over `duration`. */
export interface MixStage {
  duration: string;
  traffic: Traffic;
}

const EXEC = { browse: 'browse', orders: 'placeOrder', logins: 'login' } as const;
const RATE: Record<keyof typeof EXEC, keyof Traffic> = {
  browse: 'readsPerSecond',
  orders: 'ordersPerSecond',
  logins: 'loginsPerSecond',
};
/** Expected seconds an iteration stays busy (an order polls its saga): sizes maxVUs. */
const BUSY_SECONDS = { browse: 1, orders: 5, logins: 2 } as const;

// Rates are per 10 s (timeUnit) so fractional per-second rates like 0.5 logins/s stay exact.
const per10s = (perSecond: number) => Math.round(perSecond * 10);
const maxVUs = (name: keyof typeof EXEC, peakPerSecond: number) =>
  Math.max(10, Math.ceil(peakPerSecond * BUSY_SECONDS[name] * 2));

export function constantMix(traffic: Traffic, duration: string): Record<string, ScenarioConfig> {
  const scenarios: Record<string, ScenarioConfig> = {};
  for (const name of Object.keys(EXEC) as (keyof typeof EXEC)[]) {
    const rate = traffic[RATE[name]];
    if (rate > 0)
      scenarios[name] = {
        executor: 'constant-arrival-rate',
        exec: EXEC[name],
        rate: per10s(rate),
        timeUnit: '10s',
        duration,
        maxVUs: maxVUs(name, rate),
      };
  }
  return scenarios;
}

export function rampingMix(start: Traffic, stages: MixStage[]): Record<string, ScenarioConfig> {
  const scenarios: Record<string, ScenarioConfig> = {};
  for (const name of Object.keys(EXEC) as (keyof typeof EXEC)[]) {
    const key = RATE[name];
    const peak = Math.max(start[key], ...stages.map((s) => s.traffic[key]));
    if (peak > 0)
      scenarios[name] = {
        executor: 'ramping-arrival-rate',
        exec: EXEC[name],
        startRate: per10s(start[key]),
        timeUnit: '10s',
        stages: stages.map((s) => ({ duration: s.duration, target: per10s(s.traffic[key]) })),
        maxVUs: maxVUs(name, peak),
      };
  }
  return scenarios;
}

/** Orders the scenarios will offer, counted from their schedule (sizes the seeded stock). */
export function plannedOrders(scenarios: Record<string, ScenarioConfig>): number {
  const orders = scenarios['orders'];
  let count = 0;
  if (orders) for (const _ of arrivalOffsets(orders)) count++;
  return count;
}

export { browse } from './catalog.ts';
export { login } from './auth.ts';
export { placeOrder } from './orders.ts';
