import type { GeneratedThresholds, SloObjective } from '@shop/k6/lib/slo-types.ts';
import { objectivesOf, objectiveTitle, type SloFile } from './slo-model.ts';

export function generateThresholds(file: SloFile, generatedFrom: string): GeneratedThresholds {
  const routes: Record<string, string> = {};
  for (const slo of file.slos)
    for (const route of slo.routes ?? []) if (slo.method) routes[`${slo.method} ${route}`] = slo.id;

  const objectives = objectivesOf(file).map((objective): SloObjective => {
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
