import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// The schema of load/slo.yaml. Everything generated from it (load-driver thresholds,
// Prometheus rules, Grafana panels) goes through `loadSloFile`, so a typo fails here, once.

const labelSet = z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.string().min(1));
const routeTemplate = z.string().regex(/^\/[A-Za-z0-9/_:.-]*$/, 'a route template like /v1/orders/:orderId');

const sourceSchema = z.strictObject({
  metric: z.string().regex(/^[a-z_][a-z0-9_]*_seconds$/, 'a Prometheus histogram in seconds'),
  labels: labelSet,
  serverErrorSelector: labelSet.optional(),
});

const objectiveSchema = z.strictObject({
  percentile: z.number().gt(50).lt(100),
  thresholdMs: z.number().int().positive(),
});

const sloSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    description: z.string().min(1),
    source: z.string(),
    // One method per SLO: a Prometheus selector cannot OR (method, route) pairs.
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    routes: z.array(routeTemplate).min(1).optional(),
    loadMetric: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
    objectives: z.array(objectiveSchema).min(1).optional(),
    errorRate: z.strictObject({ max: z.number().gt(0).lt(1) }).optional(),
  })
  .refine((slo) => (slo.objectives === undefined) !== (slo.errorRate === undefined), {
    message: 'an SLO has either latency `objectives` or an `errorRate`, not both',
  });

/** What Flagger's canary analysis checks (generate-canary-analysis.ts). */
const canarySchema = z.strictObject({
  /** The source measured on the canary's own pods: its `app` label names the Deployment. */
  source: z.string(),
  /** A check fails above this many times the objective's error budget (1: meet the SLO). */
  maxBurnRate: z.number().positive(),
});

const sloFileSchema = z.strictObject({
  version: z.literal(1),
  window: z.string().regex(/^\d+d$/),
  sources: z.record(z.string(), sourceSchema),
  slos: z.array(sloSchema).min(1),
  canary: canarySchema.optional(),
});

export type SloFile = z.infer<typeof sloFileSchema>;
export type SloSource = z.infer<typeof sourceSchema>;
export type Slo = z.infer<typeof sloSchema>;
export type CanaryAnalysisSettings = z.infer<typeof canarySchema>;

interface ObjectiveBase {
  sloId: string;
  /** Unique within the SLO and stable: a Prometheus label value and a threshold name. */
  objectiveId: string;
  description: string;
  source: SloSource;
  method?: string;
  routes?: string[];
  /** Good-event target as a ratio (0.99) and its error budget (0.01). */
  target: number;
  budget: number;
}
export interface LatencyObjective extends ObjectiveBase {
  kind: 'latency';
  percentile: number;
  thresholdMs: number;
  /** The load driver's trend measuring the same thing (saga_duration), when not an HTTP route. */
  loadMetric?: string;
}
export interface ErrorRateObjective extends ObjectiveBase {
  kind: 'error-rate';
  maxRate: number;
}
export type Objective = LatencyObjective | ErrorRateObjective;

/** Rounded so 1 - 99.9 % is 0.001, not 0.0010000000000000009. */
const ratio = (value: number) => Number(value.toFixed(10));

export function parseSloFile(text: string): SloFile {
  const file = sloFileSchema.parse(parse(text));
  const ids = new Set<string>();
  for (const slo of file.slos) {
    if (ids.has(slo.id)) throw new Error(`slo.yaml: duplicate SLO id ${slo.id}`);
    ids.add(slo.id);
    if (!file.sources[slo.source])
      throw new Error(`slo.yaml: SLO ${slo.id} names unknown source ${slo.source}`);
    if (slo.errorRate && !file.sources[slo.source]?.serverErrorSelector)
      throw new Error(`slo.yaml: SLO ${slo.id} has an errorRate but its source has no serverErrorSelector`);
    if (slo.objectives && !slo.routes && !slo.loadMetric)
      throw new Error(`slo.yaml: latency SLO ${slo.id} needs routes (HTTP) or a loadMetric`);
  }
  if (file.canary && !file.sources[file.canary.source]?.labels['app'])
    throw new Error(`slo.yaml: canary.source ${file.canary.source} is not a source with an app label`);
  return file;
}

export const loadSloFile = (path: string): SloFile => parseSloFile(readFileSync(path, 'utf8'));

/** Every objective of the file, flattened: one error budget each. */
export function objectivesOf(file: SloFile): Objective[] {
  return file.slos.flatMap((slo): Objective[] => {
    const source = file.sources[slo.source] as SloSource;
    const base = {
      sloId: slo.id,
      description: slo.description,
      source,
      method: slo.method,
      routes: slo.routes,
    };
    if (slo.errorRate) {
      const maxRate = slo.errorRate.max;
      return [
        {
          ...base,
          kind: 'error-rate',
          objectiveId: `errors-${asPercent(maxRate)}pct`,
          maxRate,
          target: ratio(1 - maxRate),
          budget: maxRate,
        },
      ];
    }
    return (slo.objectives ?? []).map((objective) => ({
      ...base,
      kind: 'latency',
      objectiveId: `p${objective.percentile}-${objective.thresholdMs}ms`,
      percentile: objective.percentile,
      thresholdMs: objective.thresholdMs,
      loadMetric: slo.loadMetric,
      target: ratio(objective.percentile / 100),
      budget: ratio(1 - objective.percentile / 100),
    }));
  });
}

/** 0.001 -> 0.1 (percent, without float noise). */
export const asPercent = (value: number) => ratio(value * 100);

/** "p99 < 100 ms", "server errors < 0.1 %": how an objective reads in tables and panels. */
export function objectiveTitle(objective: Objective): string {
  return objective.kind === 'latency'
    ? `p${objective.percentile} < ${objective.thresholdMs} ms`
    : `server errors < ${asPercent(objective.maxRate)} %`;
}
