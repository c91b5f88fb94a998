import type { Scenario } from 'k6/options';
import { login as loginFlow } from './auth.ts';
import { browse as browseFlow } from './browse.ts';
import { envNumber } from './env.ts';
import { countingErrors } from './iteration-errors.ts';
import { placeOrder as orderFlow } from './orders.ts';

// The shop's traffic as three open-model scenarios running side by side (k6 `scenarios`):
// browse (catalog reads), orders (place + retry + poll to the end) and logins. Each has its own
// arrival rate, so "100 reads/s and 20 orders/s" is exactly what is offered.

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

/** A stage of the whole mix: every rate moves to `traffic` over `duration`. */
export interface MixStage {
  duration: string;
  traffic: Traffic;
}

const EXEC = { browse: 'browse', orders: 'placeOrder', logins: 'login' } as const;
type Flow = keyof typeof EXEC;
const RATE: Record<Flow, keyof Traffic> = {
  browse: 'readsPerSecond',
  orders: 'ordersPerSecond',
  logins: 'loginsPerSecond',
};
/** Expected seconds an iteration stays busy (an order polls its saga): sizes the VUs. */
const BUSY_SECONDS: Record<Flow, number> = { browse: 1, orders: 5, logins: 2 };
const FLOWS = Object.keys(EXEC) as Flow[];

// Rates are per 10 s (timeUnit) so fractional per-second rates like 0.5 logins/s stay exact.
const per10s = (perSecond: number) => Math.round(perSecond * 10);
/** Twice the VUs the rate keeps busy; k6 creates VUs beyond preAllocatedVUs only up to maxVUs. */
const vusFor = (flow: Flow, peakPerSecond: number) => {
  const maxVUs = Math.max(10, Math.ceil(peakPerSecond * BUSY_SECONDS[flow] * 2));
  return { preAllocatedVUs: Math.ceil(maxVUs / 2), maxVUs };
};

export function constantMix(traffic: Traffic, duration: string): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  for (const flow of FLOWS) {
    const rate = traffic[RATE[flow]];
    if (rate > 0)
      scenarios[flow] = {
        executor: 'constant-arrival-rate',
        exec: EXEC[flow],
        rate: per10s(rate),
        timeUnit: '10s',
        duration,
        ...vusFor(flow, rate),
      };
  }
  return scenarios;
}

export function rampingMix(start: Traffic, stages: MixStage[]): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  for (const flow of FLOWS) {
    const key = RATE[flow];
    const peak = Math.max(start[key], ...stages.map((s) => s.traffic[key]));
    if (peak > 0)
      scenarios[flow] = {
        executor: 'ramping-arrival-rate',
        exec: EXEC[flow],
        startRate: per10s(start[key]),
        timeUnit: '10s',
        stages: stages.map((s) => ({ duration: s.duration, target: per10s(s.traffic[key]) })),
        ...vusFor(flow, peak),
      };
  }
  return scenarios;
}

const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const seconds = (duration: string) =>
  [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * (SECONDS[unit as string] ?? 0),
    0,
  );

/** Orders the mix offers at most: the area under the orders rate (sizes the seeded stock). */
export function plannedOrders(start: Traffic, stages: MixStage[]): number {
  let from = start.ordersPerSecond;
  let total = 0;
  for (const stage of stages) {
    total += ((from + stage.traffic.ordersPerSecond) / 2) * seconds(stage.duration);
    from = stage.traffic.ordersPerSecond;
  }
  return Math.ceil(total);
}

// The iteration functions the scenarios' `exec` names; every scenario script re-exports them.
export const browse = countingErrors(browseFlow);
export const login = countingErrors(loginFlow);
export const placeOrder = countingErrors(orderFlow);
