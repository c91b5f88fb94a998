import { objectivesOf, objectiveTitle, type SloFile } from './slo-model.ts';

/** One SLO objective as a load-driver threshold (k6 vocabulary: metric{tag:value} + expression). */
export interface ThresholdObjective {
  sloId: string;
  objectiveId: string;
  title: string;
  /** `http_req_duration{slo:catalog-reads}`, `saga_duration`, `http_req_server_errors`. */
  metric: string;
  /** `p(99)<100` (milliseconds), `rate<0.001`. */
  expression: string;
}

/** load/generated/slo-thresholds.ts: what the scenarios import. */
export interface GeneratedThresholds {
  generatedFrom: string;
  /** "GET /v1/products/:productId" -> "catalog-reads": the driver tags each request with its SLO. */
  routes: Record<string, string>;
  /** k6-style thresholds: metric (with tag filter) -> expressions; any failing one fails the run. */
  thresholds: Record<string, string[]>;
  objectives: ThresholdObjective[];
}

export function generateThresholds(file: SloFile, generatedFrom: string): GeneratedThresholds {
  const routes: Record<string, string> = {};
  for (const slo of file.slos)
    for (const route of slo.routes ?? []) if (slo.method) routes[`${slo.method} ${route}`] = slo.id;

  const objectives = objectivesOf(file).map((objective): ThresholdObjective => {
    const common = {
      sloId: objective.sloId,
      objectiveId: objective.objectiveId,
      title: objectiveTitle(objective),
    };
    if (objective.kind === 'error-rate')
      return { ...common, metric: 'http_req_server_errors', expression: `rate<${objective.maxRate}` };
    const metric = objective.loadMetric ?? `http_req_duration{slo:${objective.sloId}}`;
    return { ...common, metric, expression: `p(${objective.percentile})<${objective.thresholdMs}` };
  });

  const thresholds: Record<string, string[]> = {};
  for (const { metric, expression } of objectives) (thresholds[metric] ??= []).push(expression);
  return { generatedFrom, routes, thresholds, objectives };
}
