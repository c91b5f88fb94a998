import type { Options } from 'k6/options';
import { constantMix, plannedOrders, rampingMix, type MixStage, type Traffic } from './mix.ts';
import { seedShop, type SeedPlan, type ShopData } from './seed.ts';
import { summaryFor } from './summary.ts';
import { SUMMARY_TREND_STATS } from './thresholds.ts';

// What a scenario script exports besides its iteration functions, built from its traffic: the
// options (the mix and its thresholds), setup() seeding the stock its orders will take, and
// handleSummary. The script shows its rates, stages and thresholds; this is the rest.

export interface ScenarioParts {
  options: Options;
  setup: () => Promise<ShopData>;
  handleSummary: ReturnType<typeof summaryFor>;
}

function parts(
  name: string,
  scenarios: Options['scenarios'],
  thresholds: Record<string, string[]>,
  seed: SeedPlan,
): ScenarioParts {
  return {
    options: { scenarios, thresholds, summaryTrendStats: SUMMARY_TREND_STATS },
    setup: () => seedShop(seed),
    handleSummary: summaryFor(name),
  };
}

/** The whole mix at constant arrival rates for `duration`. */
export const constantRate = (
  name: string,
  traffic: Traffic,
  duration: string,
  thresholds: Record<string, string[]>,
  seed: Omit<SeedPlan, 'expectedOrders'> = {},
): ScenarioParts =>
  parts(name, constantMix(traffic, duration), thresholds, {
    ...seed,
    expectedOrders: plannedOrders(traffic, [{ duration, traffic }]),
  });

/** The whole mix from `start`, each rate moving linearly through `stages`. */
export const rampingRate = (
  name: string,
  start: Traffic,
  stages: MixStage[],
  thresholds: Record<string, string[]>,
): ScenarioParts =>
  parts(name, rampingMix(start, stages), thresholds, { expectedOrders: plannedOrders(start, stages) });
