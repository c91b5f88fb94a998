import {
  alertRule,
  BURN_RATE_ALERT_NAMES,
  ERROR_BUDGET_RECORD,
  ERROR_RATIO_RECORD,
} from './generate-prometheus-rules.ts';
import { objectivesOf, type Objective, type SloFile } from './slo-model.ts';

/**
 * `promtool test rules` input for the generated SLO rules: for every objective, synthetic
 * traffic at three burn rates and the alerts each must (and must not) fire. Generated from the
 * same objectives and alert definitions as the rules, so a new SLO is tested without a hand edit;
 * the thresholds themselves are NOT derived from the rules but stated here as burn rates, so a
 * rule with a wrong factor or budget fails the test (scripts/load/promtool-test.sh proves it).
 */

/** Burn rates of the three scenarios, each chosen on one side of a tier of BURN_RATE_ALERTS. */
export const TEST_BURN_RATES = {
  /** Above the 14.4x page tier: pages within the hour. */
  fast: 16,
  /** Above the 3x ticket tier, below the 6x page tier: a ticket, never a page. */
  slow: 4,
  /** Half the sustainable rate: the budget lasts twice the SLO window, nothing fires. */
  withinBudget: 0.5,
} as const;

/** Events per minute of the synthetic traffic; bad events are burn rate x budget of them. */
const EVENTS_PER_MINUTE = 1000;
const SCRAPE_INTERVAL = '1m';
/**
 * How often promtool evaluates the rules between t=0 and the last eval_time. The alerts have no
 * `for:`, so they fire at the first evaluation that sees the condition: every 5 m (the shortest
 * window) asserts the same as every minute, in a fifth of the time.
 */
const EVALUATION_INTERVAL = '5m';
/** Long enough for every window the asserted tiers read to hold data (1h; 2h and 30m). */
const FAST_EVAL = '1h';
const SLOW_EVAL = '3h';
const SAMPLES = 180; // minutes of traffic: covers the latest evaluation time above

interface InputSeries {
  series: string;
  values: string;
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
interface ExpressionTest {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number }[];
}
export interface RuleTestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: AlertTest[];
  promql_expr_test?: ExpressionTest[];
}
export interface RuleTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: RuleTestGroup[];
}

/** Floats as promtool reads them back: no 0.30000000000000004 in the file. */
const round = (value: number) => Number(value.toPrecision(12));

/** A counter rising by `perMinute` every sample, from 0. */
const counter = (perMinute: number) => `0+${round(perMinute)}x${SAMPLES}`;

const seriesName = (metric: string, labels: Record<string, string>) =>
  `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/** The labels of one series the objective's selector counts (its first route, when it has routes). */
function seriesLabels(objective: Objective): Record<string, string> {
  const labels: Record<string, string> = { ...objective.source.labels };
  if (objective.method) labels['method'] = objective.method;
  if (objective.routes?.[0]) labels['route'] = objective.routes[0];
  return labels;
}

/** Traffic whose share of bad events is `burnRate` x the objective's error budget. */
export function inputSeries(objective: Objective, burnRate: number): InputSeries[] {
  const bad = EVENTS_PER_MINUTE * burnRate * objective.budget;
  const metric = objective.source.metric;
  const labels = seriesLabels(objective);
  if (objective.kind === 'error-rate') {
    return [
      {
        series: seriesName(`${metric}_count`, { ...labels, status_class: '2xx' }),
        values: counter(EVENTS_PER_MINUTE - bad),
      },
      {
        series: seriesName(`${metric}_count`, { ...labels, ...objective.source.serverErrorSelector }),
        values: counter(bad),
      },
    ];
  }
  // Good events are the ones in the bucket at the threshold; the rest of the count is too slow.
  const le = String(objective.thresholdMs / 1000);
  return [
    { series: seriesName(`${metric}_count`, labels), values: counter(EVENTS_PER_MINUTE) },
    { series: seriesName(`${metric}_bucket`, { ...labels, le }), values: counter(EVENTS_PER_MINUTE - bad) },
  ];
}

function expectAlert(objective: Objective, severity: 'page' | 'ticket', evalTime: string): AlertTest {
  const rule = alertRule(objective, severity);
  return {
    eval_time: evalTime,
    alertname: BURN_RATE_ALERT_NAMES[severity],
    exp_alerts: [{ exp_labels: rule.labels ?? {}, exp_annotations: rule.annotations ?? {} }],
  };
}

const expectNoAlert = (alertname: string, evalTime: string): AlertTest => ({
  eval_time: evalTime,
  alertname,
  exp_alerts: [],
});

/**
 * "Nothing fires" alone would also pass if the SLI were never computed (a selector matching no
 * series): this checks that the 1h error ratio exists, is above zero and below the budget.
 */
function expectSliWithinBudget(objective: Objective, evalTime: string): ExpressionTest {
  const match = `{slo="${objective.sloId}",objective="${objective.objectiveId}"}`;
  return {
    expr: `(${ERROR_RATIO_RECORD('1h')}${match} > 0) / on(slo, objective) ${ERROR_BUDGET_RECORD} < bool 1`,
    eval_time: evalTime,
    exp_samples: [{ labels: match, value: 1 }],
  };
}

function testGroups(objective: Objective): RuleTestGroup[] {
  const id = `${objective.sloId} ${objective.objectiveId}`;
  const group = (scenario: keyof typeof TEST_BURN_RATES, description: string) => ({
    name: `${id}: ${description}`,
    interval: SCRAPE_INTERVAL,
    input_series: inputSeries(objective, TEST_BURN_RATES[scenario]),
  });
  return [
    {
      ...group('fast', `a ${TEST_BURN_RATES.fast}x burn pages`),
      alert_rule_test: [expectAlert(objective, 'page', FAST_EVAL)],
    },
    {
      ...group('slow', `a ${TEST_BURN_RATES.slow}x burn opens a ticket and does not page`),
      alert_rule_test: [
        expectAlert(objective, 'ticket', SLOW_EVAL),
        expectNoAlert(BURN_RATE_ALERT_NAMES.page, SLOW_EVAL),
      ],
    },
    {
      ...group('withinBudget', `a ${TEST_BURN_RATES.withinBudget}x burn fires nothing`),
      alert_rule_test: [
        expectNoAlert(BURN_RATE_ALERT_NAMES.page, SLOW_EVAL),
        expectNoAlert(BURN_RATE_ALERT_NAMES.ticket, SLOW_EVAL),
      ],
      promql_expr_test: [expectSliWithinBudget(objective, SLOW_EVAL)],
    },
  ];
}

/** The test file, beside the rule file it loads (`rulesFile` is relative to it). */
export function generatePrometheusRuleTests(file: SloFile, rulesFile: string): RuleTestFile {
  return {
    rule_files: [rulesFile],
    evaluation_interval: EVALUATION_INTERVAL,
    tests: objectivesOf(file).flatMap(testGroups),
  };
}
