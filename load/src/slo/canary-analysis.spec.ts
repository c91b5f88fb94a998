import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { histograms } from './code-facts.ts';
import {
  CANARY_DEPLOYMENT,
  canaryObjectives,
  canaryTarget,
  canaryThresholdPercent,
  metricTemplateName,
  type CanaryAnalysisPatch,
  type MetricTemplate,
} from './generate-canary-analysis.ts';
import { promql } from './promql.ts';
import { SLO_PATHS } from './slo-artifacts.ts';
import { loadSloFile, parseSloFile, type SloFile } from './slo-model.ts';

// Flagger's canary analysis (deploy/istio/progressive-delivery) is generated from
// load/slo.yaml. slo-drift.spec.ts proves the committed files are exactly what the generator
// writes; this proves what they say: one check per objective of the canary's source, on the
// canary's pods only, valid PromQL over metrics the code defines, with the SLO's thresholds.
const repoRoot = resolve(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const slo = loadSloFile(join(repoRoot, SLO_PATHS.sloFile));
const templates = parseAllDocuments(read(SLO_PATHS.canaryMetricTemplates)).map(
  (document) => document.toJS() as MetricTemplate,
);
const patch = parse(read(SLO_PATHS.canaryAnalysis)) as CanaryAnalysisPatch;
const component = 'deploy/istio/progressive-delivery';

/** Flagger's query rendering (Go template, missingkey=error) for the variables it offers. */
function renderQuery(query: string, variables: Record<string, string>): string {
  return query.replace(/\{\{\s*([a-z]+)\s*\}\}/g, (_all, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`unknown template variable {{ ${name} }}`);
    return value;
  });
}

const RENDERED = { namespace: CANARY_DEPLOYMENT.namespace, interval: CANARY_DEPLOYMENT.window };

/** Everything wrong with the canary analysis files, measured against `file` (the SLOs). */
function canaryAnalysisProblems(
  file: SloFile,
  metricTemplates: MetricTemplate[],
  analysis: CanaryAnalysisPatch,
): string[] {
  const problems: string[] = [];
  const objectives = canaryObjectives(file);
  const target = canaryTarget(file);
  const defined = histograms(repoRoot);
  const names = objectives.map(metricTemplateName);
  if (JSON.stringify(metricTemplates.map((t) => t.metadata.name)) !== JSON.stringify(names))
    problems.push(
      `MetricTemplates ${metricTemplates.map((t) => t.metadata.name).join(', ')}, want ${names.join(', ')}`,
    );
  for (const objective of objectives) {
    const name = metricTemplateName(objective);
    const template = metricTemplates.find((t) => t.metadata.name === name);
    if (!template) continue;
    const { provider, query } = template.spec;
    if (provider.type !== 'prometheus' || provider.address !== CANARY_DEPLOYMENT.prometheus)
      problems.push(`${name}: provider is not the in-cluster Prometheus ${CANARY_DEPLOYMENT.prometheus}`);
    let rendered: string;
    try {
      rendered = renderQuery(query, { ...RENDERED, target });
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    const parsed = promql(rendered);
    if (parsed.errors) problems.push(`${name}: the query does not parse as PromQL`);
    for (const metric of parsed.metrics)
      if (!defined.has(metric.replace(/_(bucket|count|sum)$/, '')))
        problems.push(`${name}: reads ${metric}, which no service defines`);
    const wanted = [
      ...Object.entries(objective.source.labels).map(([k, v]) => `${k}="${v}"`),
      `namespace="${CANARY_DEPLOYMENT.namespace}"`,
      ...(objective.kind === 'error-rate'
        ? Object.entries(objective.source.serverErrorSelector ?? {}).map(([k, v]) => `${k}="${v}"`)
        : []),
    ];
    for (const matcher of wanted)
      if (!parsed.matchers.includes(matcher)) problems.push(`${name}: no ${matcher} selector`);
    const pods = parsed.matchers.filter((m) => m.startsWith('pod=~'));
    const selectsCanaryOnly = (m: string) => {
      const regex = new RegExp(`^(?:${m.slice('pod=~"'.length, -1)})$`);
      return regex.test(`${target}-5d8f7c9b4-x2kqp`) && !regex.test(`${target}-primary-5d8f7c9b4-x2kqp`);
    };
    if (pods.length === 0 || !pods.every(selectsCanaryOnly))
      problems.push(
        `${name}: does not select the canary's pods only (${target}-<hash>-<id>, not ${target}-primary-...)`,
      );
    if (objective.kind === 'latency') {
      const boundaries = parsed.matchers
        .filter((m) => m.startsWith('le'))
        .map((m) => Number(/le=~?"([\d.]+)/.exec(m)?.[1]));
      if (boundaries.length === 0 || boundaries.some((b) => b !== objective.thresholdMs / 1000))
        problems.push(
          `${name}: counts fast requests at le=${boundaries.join(',')}, want ${objective.thresholdMs / 1000}`,
        );
    }
  }
  if (analysis.metadata.name !== target || analysis.metadata.namespace !== CANARY_DEPLOYMENT.namespace)
    problems.push(
      `the analysis patches Canary ${analysis.metadata.namespace}/${analysis.metadata.name}, want ${target}`,
    );
  const metrics = analysis.spec.analysis.metrics;
  if (JSON.stringify(metrics.map((m) => m.templateRef.name)) !== JSON.stringify(names))
    problems.push(
      `the Canary's metrics use ${metrics.map((m) => m.templateRef.name).join(', ')}, want ${names.join(', ')}`,
    );
  for (const objective of objectives) {
    const metric = metrics.find((m) => m.templateRef.name === metricTemplateName(objective));
    const max = canaryThresholdPercent(file, objective);
    if (metric && metric.thresholdRange.max !== max)
      problems.push(`${metric.name}: fails above ${metric.thresholdRange.max} %, the SLO says ${max} %`);
    if (metric && metric.interval !== CANARY_DEPLOYMENT.window)
      problems.push(`${metric.name}: window ${metric.interval}, want ${CANARY_DEPLOYMENT.window}`);
  }
  return problems;
}

describe('P28: canary analysis generated from load/slo.yaml (Flagger)', () => {
  it('checks every objective measured on the canary target, nothing else', () => {
    expect(canaryTarget(slo)).toBe('gateway');
    const ids = canaryObjectives(slo).map((o) => o.sloId);
    expect(ids).toContain('availability');
    expect(ids).not.toContain('saga-completion'); // measured on order, not on the gateway's pods
    expect(canaryAnalysisProblems(slo, templates, patch)).toEqual([]);
  });

  it('fails the canary at maxBurnRate x each budget, in percent', () => {
    const byName = Object.fromEntries(
      patch.spec.analysis.metrics.map((m) => [m.name, m.thresholdRange.max] as const),
    );
    expect(byName).toMatchObject({
      'slo-availability-errors-0.1pct': 0.1 * (slo.canary?.maxBurnRate ?? 0),
      'slo-catalog-reads-p99-100ms': 1 * (slo.canary?.maxBurnRate ?? 0),
      'slo-catalog-reads-p95-50ms': 5 * (slo.canary?.maxBurnRate ?? 0),
    });
  });

  it('is wired: the component applies both files to the hand-written Canary of the target', () => {
    const kustomization = parse(read(`${component}/kustomization.yaml`)) as {
      resources: string[];
      patches: { path?: string }[];
    };
    expect(kustomization.resources).toEqual(
      expect.arrayContaining(['canary.yaml', 'slo-metric-templates.yaml']),
    );
    expect(kustomization.patches.map((p) => p.path)).toContain('slo-canary-analysis.yaml');
    expect(`${component}/slo-metric-templates.yaml`).toBe(SLO_PATHS.canaryMetricTemplates);
    expect(`${component}/slo-canary-analysis.yaml`).toBe(SLO_PATHS.canaryAnalysis);
    const canary = parse(read(`${component}/canary.yaml`)) as {
      metadata: { name: string; namespace: string };
      spec: { targetRef: { name: string }; analysis: { interval: string; metrics?: unknown } };
    };
    expect(canary.metadata).toMatchObject({ name: patch.metadata.name, namespace: patch.metadata.namespace });
    expect(canary.spec.targetRef.name).toBe(canaryTarget(slo));
    expect(canary.spec.analysis.interval).toBe(CANARY_DEPLOYMENT.window);
    expect(canary.spec.analysis.metrics).toBeUndefined(); // only ever from the generated patch
  });

  describe('fails on a broken copy', () => {
    const brokenTemplates = (edit: (t: MetricTemplate[]) => void) => {
      const copy = structuredClone(templates);
      edit(copy);
      return copy;
    };

    it('a query that does not parse, or uses a variable Flagger does not have', () => {
      const broken = brokenTemplates((t) => {
        (t[0] as MetricTemplate).spec.query = (t[0] as MetricTemplate).spec.query.replace(
          '100 * (',
          '100 * ((',
        );
        (t[1] as MetricTemplate).spec.query = (t[1] as MetricTemplate).spec.query.replace(
          '{{ target }}',
          '{{ canary }}',
        );
      });
      const problems = canaryAnalysisProblems(slo, broken, patch);
      expect(problems).toContain('slo-catalog-reads-p99-100ms: the query does not parse as PromQL');
      expect(problems).toContain('slo-catalog-reads-p95-50ms: unknown template variable {{ canary }}');
    });

    it('a query that would also judge the primary, or count fast requests at another bucket', () => {
      const broken = brokenTemplates((t) => {
        const [first, second] = t as [MetricTemplate, MetricTemplate];
        first.spec.query = first.spec.query.replaceAll('-[0-9a-zA-Z]+-[0-9a-zA-Z]+', '-.+');
        second.spec.query = second.spec.query.replace('le="0.05"', 'le="0.1"');
      });
      const problems = canaryAnalysisProblems(slo, broken, patch);
      expect(problems).toContain(
        "slo-catalog-reads-p99-100ms: does not select the canary's pods only (gateway-<hash>-<id>, not gateway-primary-...)",
      );
      expect(problems).toContain('slo-catalog-reads-p95-50ms: counts fast requests at le=0.1, want 0.05');
    });

    it('a threshold edited by hand, and an SLO changed without regenerating', () => {
      const edited = structuredClone(patch);
      (edited.spec.analysis.metrics[0] as { thresholdRange: { max: number } }).thresholdRange.max = 10;
      expect(canaryAnalysisProblems(slo, templates, edited)).toContain(
        'slo-catalog-reads-p99-100ms: fails above 10 %, the SLO says 1 %',
      );
      const stricter = parseSloFile(
        read(SLO_PATHS.sloFile).replace(/maxBurnRate: [\d.]+/, 'maxBurnRate: 0.5'),
      );
      expect(canaryAnalysisProblems(stricter, templates, patch)).toContain(
        'slo-availability-errors-0.1pct: fails above 0.1 %, the SLO says 0.05 %',
      );
    });

    it('a MetricTemplate missing, or pointing at another Prometheus', () => {
      const broken = brokenTemplates((t) => {
        t.pop();
        (t[0] as MetricTemplate).spec.provider.address = 'http://prometheus:9090';
      });
      const problems = canaryAnalysisProblems(slo, broken, patch);
      expect(problems.some((p) => p.startsWith('MetricTemplates '))).toBe(true);
      expect(problems).toContain(
        `slo-catalog-reads-p99-100ms: provider is not the in-cluster Prometheus ${CANARY_DEPLOYMENT.prometheus}`,
      );
    });
  });
});
