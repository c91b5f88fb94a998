import { join, resolve } from 'node:path';
import { BURN_RATE_ALERTS } from './generate-prometheus-rules.ts';
import {
  generatePrometheusRuleTests,
  inputSeries,
  TEST_BURN_RATES,
} from './generate-prometheus-rule-tests.ts';
import { SLO_PATHS } from './slo-artifacts.ts';
import { loadSloFile, objectivesOf, type Objective } from './slo-model.ts';

// promtool runs these tests (scripts/load/promtool-test.sh); this spec checks that the scenarios
// mean what their names say, whatever the tiers of BURN_RATE_ALERTS become.
const repoRoot = resolve(__dirname, '..', '..', '..');
const slo = loadSloFile(join(repoRoot, SLO_PATHS.sloFile));
const factors = (severity: 'page' | 'ticket') =>
  BURN_RATE_ALERTS.filter((tier) => tier.severity === severity).map((tier) => tier.factor);

describe('the burn rates of the rule tests straddle the alert tiers', () => {
  it('the fast burn is above every page tier (so it pages by the 1 h window alone)', () => {
    expect(TEST_BURN_RATES.fast).toBeGreaterThan(Math.max(...factors('page')));
  });

  it('the slow burn is above a ticket tier and below every page tier', () => {
    expect(TEST_BURN_RATES.slow).toBeGreaterThan(Math.min(...factors('ticket')));
    expect(TEST_BURN_RATES.slow).toBeLessThan(Math.min(...factors('page')));
  });

  it('the within-budget burn is below every tier', () => {
    expect(TEST_BURN_RATES.withinBudget).toBeLessThan(Math.min(...factors('ticket'), ...factors('page')));
  });
});

describe('generatePrometheusRuleTests', () => {
  const file = generatePrometheusRuleTests(slo, 'slo-rules.yml');

  it('tests every objective of load/slo.yaml at the three burn rates', () => {
    expect(file.tests).toHaveLength(objectivesOf(slo).length * 3);
    expect(file.rule_files).toEqual(['slo-rules.yml']);
  });

  // The bad share of the synthetic traffic, read back from the counters' per-minute increments.
  const badShare = (objective: Objective, burnRate: number) => {
    const perMinute = inputSeries(objective, burnRate).map((s) =>
      Number(/^0\+([\d.]+)x/.exec(s.values)?.[1]),
    );
    const [first = NaN, second = NaN] = perMinute;
    // error rate: [good, bad]; latency: [all, good within the threshold]
    return objective.kind === 'error-rate' ? second / (first + second) : 1 - second / first;
  };

  it.each(objectivesOf(slo).map((o) => [`${o.sloId} ${o.objectiveId}`, o] as const))(
    '%s: the bad share of each scenario is its burn rate x the error budget',
    (_name, objective) => {
      for (const burnRate of Object.values(TEST_BURN_RATES)) {
        expect(badShare(objective, burnRate)).toBeCloseTo(burnRate * objective.budget, 9);
      }
    },
  );
});
