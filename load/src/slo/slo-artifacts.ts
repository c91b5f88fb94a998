import { basename, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import {
  canaryCheckSummary,
  canaryTarget,
  generateCanaryAnalysisPatch,
  generateMetricTemplates,
} from './generate-canary-analysis.ts';
import { generateGrafanaDashboard } from './generate-grafana-dashboard.ts';
import { generatePrometheusRuleTests } from './generate-prometheus-rule-tests.ts';
import { generatePrometheusRules } from './generate-prometheus-rules.ts';
import { generateThresholds } from './generate-thresholds.ts';
import { loadSloFile, type SloFile } from './slo-model.ts';

/** Where the SLO file and everything generated from it live, relative to the repository root. */
export const SLO_PATHS = {
  sloFile: 'load/slo.yaml',
  thresholds: 'k6/lib/slo-thresholds.ts',
  prometheusRules: 'deploy/k8s/observability/prometheus/slo-rules.yml',
  prometheusRuleTests: 'deploy/k8s/observability/prometheus/slo-rules.test.yml',
  grafanaDashboard: 'deploy/k8s/observability/grafana/dashboards/shop-slo.json',
  canaryMetricTemplates: 'deploy/istio/progressive-delivery/slo-metric-templates.yaml',
  canaryAnalysis: 'deploy/istio/progressive-delivery/slo-canary-analysis.yaml',
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
# Each alert's runbook_url is its section of docs/runbooks.md.
`;

const RULE_TESTS_HEADER = `# GENERATED from ${SLO_PATHS.sloFile} by \`bash scripts/load/slo.sh\`: do not edit.
# Unit tests of slo-rules.yml for \`promtool test rules\` (run by scripts/load/promtool-test.sh):
# per SLO objective, synthetic traffic burning its error budget fast (a page), slowly (a ticket,
# no page) and within budget (nothing fires, but the SLI is computed).
`;

const GENERATED = `# GENERATED from ${SLO_PATHS.sloFile} by \`bash scripts/load/slo.sh\` (make slo): do not edit.`;

const metricTemplatesHeader = (file: SloFile) => `${GENERATED}
# Flagger MetricTemplates (P28): one per SLO objective measured on ${canaryTarget(file)}'s own metrics, each
# the objective's bad-event share in percent on the canary's pods alone, over the analysis interval.
# Flagger renders {{ namespace }}, {{ target }} and {{ interval }}; ${SLO_PATHS.canaryAnalysis} sets
# the threshold of each. Checked by load/src/slo/canary-analysis.spec.ts.
`;

const canaryAnalysisHeader = (file: SloFile) => `${GENERATED}
# The analysis metrics of the Canary ${canaryTarget(file)} (a strategic-merge patch of canary.yaml beside
# this file): a check fails when the canary's share of bad events exceeds canary.maxBurnRate
# (${file.canary?.maxBurnRate ?? 1}) x the objective's error budget, and the Canary's threshold of failed checks rolls it back.
${canaryCheckSummary(file)
  .map((line) => `#   ${line}`)
  .join('\n')}
`;

const yamlDocuments = (documents: object[]) =>
  documents.map((document) => stringify(document, { lineWidth: 0 })).join('---\n');

/** Each generated file's exact content, formatted like the rest of the repository (prettier). */
export async function renderSloArtifacts(repoRoot: string): Promise<Artifact[]> {
  const file = loadSloFile(join(repoRoot, SLO_PATHS.sloFile));
  const raw: Artifact[] = [
    {
      path: SLO_PATHS.thresholds,
      // A TypeScript module, not JSON: k6 and the runner import it like any module.
      content: `// GENERATED from ${SLO_PATHS.sloFile} by \`make slo\` (scripts/load/slo.sh): do not edit.
import type { GeneratedThresholds } from './slo-types.ts';

export const SLO_THRESHOLDS: GeneratedThresholds = ${JSON.stringify(generateThresholds(file, SLO_PATHS.sloFile))};
`,
    },
    {
      path: SLO_PATHS.prometheusRules,
      content: RULES_HEADER + stringify(generatePrometheusRules(file), { lineWidth: 0 }),
    },
    {
      path: SLO_PATHS.prometheusRuleTests,
      content:
        RULE_TESTS_HEADER +
        stringify(generatePrometheusRuleTests(file, basename(SLO_PATHS.prometheusRules)), { lineWidth: 0 }),
    },
    {
      path: SLO_PATHS.grafanaDashboard,
      content: JSON.stringify(generateGrafanaDashboard(file, SLO_PATHS.sloFile)),
    },
    {
      path: SLO_PATHS.canaryMetricTemplates,
      content: metricTemplatesHeader(file) + yamlDocuments(generateMetricTemplates(file)),
    },
    {
      path: SLO_PATHS.canaryAnalysis,
      content: canaryAnalysisHeader(file) + stringify(generateCanaryAnalysisPatch(file), { lineWidth: 0 }),
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
