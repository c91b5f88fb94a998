import { errorRatioExpr, requestRateExpr } from './generate-prometheus-rules.ts';
import { asPercent, objectivesOf, objectiveTitle, type Objective, type SloFile } from './slo-model.ts';

/**
 * Flagger's canary analysis, generated from the SLO file. Every analysis interval Flagger
 * runs one query per objective of `canary.source` on the canary's pods alone, and fails the
 * check when the canary's bad-event share exceeds `maxBurnRate` x the objective's error budget;
 * the Canary's `threshold` failed checks roll it back (deploy/istio/progressive-delivery).
 * Values are percentages, so Flagger's events read "slo-availability-errors-0.1pct 2.35 > 0.1".
 */

/** Where the Canary lives and what its checks query (tools/deploy checks both against deploy/k8s). */
export const CANARY_DEPLOYMENT = {
  namespace: 'shop',
  /** The Prometheus Service of deploy/k8s/observability; Flagger's -metrics-server names it too. */
  prometheus: 'http://prometheus.observability:9090',
  /**
   * Each check's window, rendered by Flagger into `{{ interval }}`: the Canary's analysis interval
   * (tested), so a check judges exactly the traffic since the previous one; four 15 s scrapes.
   */
  window: '1m',
} as const;

/**
 * The canary's pods only. They are named after the target Deployment, `<target>-<replicaset
 * hash>-<pod id>`; the primary's are `<target>-primary-<hash>-<id>`, one dash more, which this
 * never matches. The `app` label is the same on both (Prometheus reads app.kubernetes.io/name).
 */
export const CANARY_POD_SCOPE = [
  'namespace="{{ namespace }}"',
  'pod=~"{{ target }}-[0-9a-zA-Z]+-[0-9a-zA-Z]+"',
] as const;

export interface MetricTemplate {
  apiVersion: 'flagger.app/v1beta1';
  kind: 'MetricTemplate';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { provider: { type: 'prometheus'; address: string }; query: string };
}

export interface CanaryMetric {
  name: string;
  templateRef: { name: string; namespace: string };
  thresholdRange: { max: number };
  interval: string;
}

/** A strategic-merge patch of the hand-written Canary: its analysis metrics, nothing else. */
export interface CanaryAnalysisPatch {
  apiVersion: 'flagger.app/v1beta1';
  kind: 'Canary';
  metadata: { name: string; namespace: string };
  spec: { analysis: { metrics: CanaryMetric[] } };
}

/** The objectives measured on the canary target's own metrics (none without a `canary` section). */
export function canaryObjectives(file: SloFile): Objective[] {
  const source = file.canary?.source;
  const ids = new Set(file.slos.filter((slo) => slo.source === source).map((slo) => slo.id));
  return objectivesOf(file).filter((objective) => ids.has(objective.sloId));
}

/** The Deployment Flagger analyses: the `app` label of the canary source. */
export function canaryTarget(file: SloFile): string {
  const app = file.canary ? file.sources[file.canary.source]?.labels['app'] : undefined;
  if (!app) throw new Error('slo.yaml: no canary section, or its source has no app label');
  return app;
}

export const metricTemplateName = (objective: Objective) => `slo-${objective.sloId}-${objective.objectiveId}`;

/** The canary's bad-event share in percent over Flagger's `{{ interval }}`. */
export function canaryQuery(objective: Objective): string {
  const window = '{{ interval }}';
  const ratio = errorRatioExpr(objective, window, CANARY_POD_SCOPE);
  const percent = `100 * (\n${indent(ratio)}\n)`;
  // No request reached the canary: no value, which Flagger counts as a failed check. A canary
  // nobody used proves nothing, so it is never promoted on silence.
  if (objective.kind === 'error-rate') return percent;
  // A route the canary did not serve in this window had nothing slow: 0, not "no data" (the
  // error-rate check already demands traffic). `> 0` also keeps 0/0 (NaN) out.
  const traffic = requestRateExpr(objective, window, CANARY_POD_SCOPE);
  return `${percent}\nand on ()\n${traffic} > 0\nor\nvector(0)`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

/** maxBurnRate x the error budget, in percent of events, without float noise. */
export const canaryThresholdPercent = (file: SloFile, objective: Objective) =>
  Number(((file.canary?.maxBurnRate ?? 1) * asPercent(objective.budget)).toFixed(10));

export function generateMetricTemplates(file: SloFile): MetricTemplate[] {
  return canaryObjectives(file).map((objective) => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: {
      name: metricTemplateName(objective),
      namespace: CANARY_DEPLOYMENT.namespace,
      labels: {
        'app.kubernetes.io/part-of': 'shop',
        slo: objective.sloId,
        objective: objective.objectiveId,
      },
    },
    spec: {
      provider: { type: 'prometheus', address: CANARY_DEPLOYMENT.prometheus },
      query: canaryQuery(objective),
    },
  }));
}

export function generateCanaryAnalysisPatch(file: SloFile): CanaryAnalysisPatch {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: canaryTarget(file), namespace: CANARY_DEPLOYMENT.namespace },
    spec: {
      analysis: {
        metrics: canaryObjectives(file).map((objective) => ({
          name: metricTemplateName(objective),
          templateRef: { name: metricTemplateName(objective), namespace: CANARY_DEPLOYMENT.namespace },
          thresholdRange: { max: canaryThresholdPercent(file, objective) },
          interval: CANARY_DEPLOYMENT.window,
        })),
      },
    },
  };
}

/** One line per check for the generated file's header: what fails the canary. */
export const canaryCheckSummary = (file: SloFile) =>
  canaryObjectives(file).map(
    (objective) =>
      `${metricTemplateName(objective)}: ${objectiveTitle(objective)} -> fails above ${canaryThresholdPercent(file, objective)} % ${objective.kind === 'latency' ? 'slow' : '5xx'}`,
  );
