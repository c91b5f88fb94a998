import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { generateGrafanaDashboard } from './generate-grafana-dashboard.ts';
import { generatePrometheusRules } from './generate-prometheus-rules.ts';
import { generateThresholds } from './generate-thresholds.ts';
import { loadSloFile } from './slo-model.ts';

/** Where the SLO file and everything generated from it live, relative to the repository root. */
export const SLO_PATHS = {
  sloFile: 'load/slo.yaml',
  thresholds: 'load/generated/slo-thresholds.ts',
  prometheusRules: 'deploy/k8s/observability/prometheus/slo-rules.yml',
  grafanaDashboard: 'deploy/k8s/observability/grafana/dashboards/shop-slo.json',
} as const;

export interface Artifact {
  path: string;
  content: string;
}

const RULES_HEADER = `# GENERATED from ${SLO_PATHS.sloFile} by \`bash scripts/load/slo.sh\`: do not edit.
# Recording rules: slo:sli_error:ratio_rate<window> is the share of bad events (slow or 5xx)
# per SLO objective; slo:error_budget:ratio its budget. Alerts: multi-window, multi-burn-rate
# (SRE workbook): page at 14.4x (1h and 5m) or 6x (6h and 30m), ticket at 3x (1d and 2h) or
# 1x (3d and 6h). Prometheus loads this file via rule_files in its prometheus.yml (compose and
# Kubernetes). Note: the 1d and 3d windows need that much retention to mean what they say.
`;

/** Each generated file's exact content, formatted like the rest of the repository (prettier). */
export async function renderSloArtifacts(repoRoot: string): Promise<Artifact[]> {
  const file = loadSloFile(join(repoRoot, SLO_PATHS.sloFile));
  const raw: Artifact[] = [
    {
      path: SLO_PATHS.thresholds,
      // A TypeScript module, not JSON: scenarios import it like any module (no JSON import attributes).
      content: `// GENERATED from ${SLO_PATHS.sloFile} by \`bash scripts/load/slo.sh\`: do not edit.
import type { GeneratedThresholds } from '../src/slo/generate-thresholds.ts';

export const SLO_THRESHOLDS: GeneratedThresholds = ${JSON.stringify(generateThresholds(file, SLO_PATHS.sloFile))};
`,
    },
    {
      path: SLO_PATHS.prometheusRules,
      content: RULES_HEADER + stringify(generatePrometheusRules(file), { lineWidth: 0 }),
    },
    {
      path: SLO_PATHS.grafanaDashboard,
      content: JSON.stringify(generateGrafanaDashboard(file, SLO_PATHS.sloFile)),
    },
  ];
  return Promise.all(
    raw.map(async ({ path, content }) => {
      const filepath = join(repoRoot, path);
      const options = (await resolveConfig(filepath)) ?? {};
      return { path, content: await format(content, { ...options, filepath }) };
    }),
  );
}
