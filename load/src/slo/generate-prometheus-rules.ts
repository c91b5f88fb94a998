import { asPercent, objectivesOf, objectiveTitle, type Objective, type SloFile } from './slo-model.ts';

/**
 * Multi-window, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs", table 5-8):
 * an alert fires when the error budget burns `factor` times faster than the SLO window allows,
 * over a long window (the budget really is being spent) AND a short one (it still is: the alert
 * resets minutes after a fix). 14.4x over 1 h spends 2 % of a 30-day budget; 6x over 6 h, 5 %.
 */
export const BURN_RATE_ALERTS = [
  { severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor: 6 },
  { severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor: 1 },
] as const;

/** The alert each severity of BURN_RATE_ALERTS raises (one heading each in docs/runbooks.md). */
export const BURN_RATE_ALERT_NAMES = {
  page: 'SLOErrorBudgetFastBurn',
  ticket: 'SLOErrorBudgetSlowBurn',
} as const;

/** Every window a recording rule is kept for, shortest first. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

export const ERROR_RATIO_RECORD = (window: string) => `slo:sli_error:ratio_rate${window}`;
export const ERROR_BUDGET_RECORD = 'slo:error_budget:ratio';

/** Where each alert's runbook is: a heading of docs/runbooks.md per alert name (tested). */
export const RUNBOOKS = 'docs/runbooks.md';
export const runbookUrl = (alert: string) => `${RUNBOOKS}#${alert.toLowerCase()}`;

export interface PrometheusRule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface PrometheusRuleFile {
  groups: { name: string; rules: PrometheusRule[] }[];
}

/**
 * `{app="gateway",method="GET",route=~"/a|/b"}` from the objective's source and routes, then
 * `scope`: matchers narrowing it further (the canary analysis selects the canary's pods).
 */
function selector(
  objective: Objective,
  extra: Record<string, string> = {},
  scope: readonly string[] = [],
): string {
  const matchers = Object.entries({ ...objective.source.labels, ...extra }).map(([k, v]) => `${k}="${v}"`);
  if (objective.method) matchers.push(`method="${objective.method}"`);
  const routes = objective.routes ?? [];
  if (routes.length === 1) matchers.push(`route="${routes[0]}"`);
  if (routes.length > 1) matchers.push(`route=~"${routes.map(escapeRegex).join('|')}"`);
  matchers.push(...scope);
  return `{${matchers.join(',')}}`;
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');

/**
 * The `le` matcher of a bucket boundary. Prometheus 3 normalises `le` values to floats when it
 * ingests classic histograms ("2" is stored as "2.0"), 2.x kept the exporter's text ("2"): the
 * regex matches both, so an integer boundary never silently matches nothing.
 */
export function leMatcher(seconds: number): string {
  const text = String(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}(\\\\.0)?"` : `le="${text}"`;
}

/** Events per second of the objective (its requests or sagas) over `window`, within `scope`. */
export const requestRateExpr = (objective: Objective, window: string, scope: readonly string[] = []) =>
  `sum(rate(${objective.source.metric}_count${selector(objective, {}, scope)}[${window}]))`;

/**
 * The SLI's bad-event ratio over `window`: slow requests (latency) or 5xx (error rate), of the
 * series `scope` narrows the selectors to (all of the source's by default).
 */
export function errorRatioExpr(objective: Objective, window: string, scope: readonly string[] = []): string {
  const metric = objective.source.metric;
  const total = requestRateExpr(objective, window, scope);
  if (objective.kind === 'error-rate') {
    const bad = `sum(rate(${metric}_count${selector(objective, objective.source.serverErrorSelector, scope)}[${window}]))`;
    // `or vector(0)`: with no 5xx series at all the ratio is 0, not "no data".
    return `(${bad} or vector(0))\n/\n${total}`;
  }
  const seconds = objective.thresholdMs / 1000;
  const bucketSelector = selector(objective, {}, scope).replace(/}$/, `,${leMatcher(seconds)}}`);
  const good = `sum(rate(${metric}_bucket${bucketSelector}[${window}]))`;
  return `1 - (\n  ${good}\n  /\n  ${total}\n)`;
}

const labelsOf = (objective: Objective) => ({ slo: objective.sloId, objective: objective.objectiveId });
const ruleSelector = (objective: Objective) =>
  `{slo="${objective.sloId}",objective="${objective.objectiveId}"}`;

export function alertRule(objective: Objective, severity: 'page' | 'ticket'): PrometheusRule {
  const tiers = BURN_RATE_ALERTS.filter((tier) => tier.severity === severity);
  const condition = (window: string, factor: number) =>
    `${ERROR_RATIO_RECORD(window)}${ruleSelector(objective)} > (${factor} * ${objective.budget})`;
  const expr = tiers
    .map(
      (tier) =>
        `(\n  ${condition(tier.long, tier.factor)}\n  and\n  ${condition(tier.short, tier.factor)}\n)`,
    )
    .join('\nor\n');
  const windows = tiers.map((tier) => `${tier.factor}x over ${tier.long} and ${tier.short}`).join(', or ');
  const alert = BURN_RATE_ALERT_NAMES[severity];
  return {
    alert,
    expr,
    labels: { ...labelsOf(objective), severity },
    annotations: {
      summary: `${objective.sloId} ${objectiveTitle(objective)}: error budget burning too fast`,
      description: `${objective.description} The error budget (${asPercent(objective.budget)} % of events) is burning at ${windows} the sustainable rate.`,
      runbook_url: runbookUrl(alert),
    },
  };
}

export function generatePrometheusRules(file: SloFile): PrometheusRuleFile {
  return {
    groups: objectivesOf(file).map((objective) => ({
      name: `slo-${objective.sloId}-${objective.objectiveId}`,
      rules: [
        { record: ERROR_BUDGET_RECORD, expr: `vector(${objective.budget})`, labels: labelsOf(objective) },
        ...SLI_WINDOWS.map((window) => ({
          record: ERROR_RATIO_RECORD(window),
          expr: errorRatioExpr(objective, window),
          labels: labelsOf(objective),
        })),
        alertRule(objective, 'page'),
        alertRule(objective, 'ticket'),
      ],
    })),
  };
}
