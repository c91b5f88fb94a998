import { SLO_THRESHOLDS } from '../../generated/slo-thresholds.ts';
import type { Options } from '../../src/lib/runner.ts';

/**
 * The SLO half of every scenario's options, generated from load/slo.yaml: the thresholds, the
 * route -> SLO map that tags each request, and the objectives the SLO table reports.
 * `extra` adds scenario-specific thresholds (checks, dropped iterations).
 */
export function sloOptions(extra: Record<string, string[]> = {}): Pick<Options, 'thresholds' | 'sloRoutes'> {
  const thresholds: Record<string, string[]> = { ...SLO_THRESHOLDS.thresholds };
  for (const [key, expressions] of Object.entries(extra))
    thresholds[key] = [...(thresholds[key] ?? []), ...expressions];
  return { thresholds, sloRoutes: SLO_THRESHOLDS.routes };
}

export const sloObjectives = SLO_THRESHOLDS.objectives;
