import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { execFileSync } from 'node:child_process';
import { SLO_THRESHOLDS } from '@shop/k6/lib/slo-thresholds.ts';
import type { ScriptOptions } from '../lib/runner.ts';
import { gatewayRoutes, histograms } from './code-facts.ts';
import {
  BURN_RATE_ALERTS,
  ERROR_RATIO_RECORD,
  RUNBOOKS,
  runbookUrl,
  SLI_WINDOWS,
  type PrometheusRule,
} from './generate-prometheus-rules.ts';
import { promql } from './promql.ts';
import { renderSloArtifacts, SLO_PATHS } from './slo-artifacts.ts';
import { loadSloFile, objectivesOf, type Objective } from './slo-model.ts';

// The SLO file drives the load thresholds, the Prometheus rules and the Grafana panels: this
// test fails when any of them drifts from load/slo.yaml, or from the code they measure.
const repoRoot = resolve(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const slo = loadSloFile(join(repoRoot, SLO_PATHS.sloFile));
const objectives = objectivesOf(slo);
const rules = parse(read(SLO_PATHS.prometheusRules)) as {
  groups: { name: string; rules: PrometheusRule[] }[];
};
const allRules = rules.groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(read(SLO_PATHS.grafanaDashboard)) as {
  uid: string;
  panels: {
    id: number;
    type: string;
    title: string;
    targets?: { expr: string }[];
    fieldConfig?: { defaults: { thresholds?: { steps: { value: number | null }[] } } };
  }[];
};

const sel = (o: Objective) => `{slo="${o.sloId}",objective="${o.objectiveId}"}`;
const labelsOf = (o: Objective) => ({ slo: o.sloId, objective: o.objectiveId });

describe('SLO artifacts are generated from load/slo.yaml and fresh', () => {
  it.each(Object.values(SLO_PATHS).filter((p) => p !== SLO_PATHS.sloFile))(
    '%s is what the generator writes',
    async (path) => {
      const artifact = (await renderSloArtifacts(repoRoot)).find((a) => a.path === path);
      expect(artifact).toBeDefined();
      // If this fails: `bash scripts/load/slo.sh` and commit (never edit generated files).
      expect(read(path)).toBe(artifact?.content);
    },
  );
});

describe('load-driver thresholds match the SLO objectives', () => {
  it('has one threshold per objective, with the objective numbers', () => {
    for (const o of objectives) {
      const key =
        o.kind === 'error-rate'
          ? 'http_req_server_errors'
          : (o.loadMetric ?? `http_req_duration{slo:${o.sloId}}`);
      const expression =
        o.kind === 'error-rate' ? `rate<${o.maxRate}` : `p(${o.percentile})<${o.thresholdMs}`;
      expect(SLO_THRESHOLDS.thresholds[key]).toContain(expression);
    }
    expect(Object.values(SLO_THRESHOLDS.thresholds).flat()).toHaveLength(objectives.length);
  });

  // A k6 script as the runner loads it (its k6 imports resolved to the runner's modules).
  const inspect = (name: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['load/src/cli.ts', 'inspect', `k6/${name}.ts`], {
        cwd: repoRoot,
        encoding: 'utf8',
      }),
    ) as { options: ScriptOptions; sloObjectives: unknown; exports: string[] };

  it.each(['smoke', 'load', 'stress', 'spike', 'soak'])(
    'scenario %s reports every SLO and observes each of its metrics',
    (name) => {
      const script = inspect(name);
      expect(script.sloObjectives).toEqual(SLO_THRESHOLDS.objectives);
      for (const objective of SLO_THRESHOLDS.objectives)
        expect(Object.keys(script.options.thresholds ?? {})).toContain(objective.metric);
      expect(script.exports).toEqual(expect.arrayContaining(['handleSummary', 'options', 'setup']));
    },
  );

  // The smoke is a functional gate (checks, no 5xx): ten seconds of traffic prove nothing about a p99.
  it.each(['load', 'stress', 'spike', 'soak'])('scenario %s enforces every SLO threshold', (name) => {
    const { options } = inspect(name);
    for (const [key, expressions] of Object.entries(SLO_THRESHOLDS.thresholds))
      expect(options.thresholds?.[key]).toEqual(expect.arrayContaining(expressions));
  });
});

describe('the SLOs measure what the code produces', () => {
  const routes = gatewayRoutes(repoRoot);
  const found = histograms(repoRoot);

  it('names only routes the gateway serves (a renamed route would match nothing)', () => {
    expect(routes.has('GET /v1/products/:productId')).toBe(true); // the parser works
    for (const s of slo.slos)
      for (const route of s.routes ?? []) expect(routes).toContain(`${s.method} ${route}`);
  });

  it('uses metrics the services define, with the threshold as a histogram bucket boundary', () => {
    for (const o of objectives) {
      const histogram = found.get(o.source.metric);
      expect({ metric: o.source.metric, defined: histogram !== undefined }).toEqual({
        metric: o.source.metric,
        defined: true,
      });
      if (o.kind !== 'latency') continue;
      // Prometheus counts "faster than T" exactly only at a bucket boundary; without one the
      // bucket selector matches nothing and the SLI reads 100 % bad. Add the boundary in the code.
      expect({
        slo: `${o.sloId} ${o.objectiveId}`,
        boundaryInSeconds: o.thresholdMs / 1000,
        buckets: histogram?.buckets,
      }).toEqual({
        slo: `${o.sloId} ${o.objectiveId}`,
        boundaryInSeconds: o.thresholdMs / 1000,
        buckets: expect.arrayContaining([o.thresholdMs / 1000]),
      });
    }
  });

  it('sends scenario requests only to routes the gateway serves', () => {
    const files = ['browse', 'auth', 'orders', 'seed'].map((f) => read(`k6/lib/${f}.ts`)).join('\n');
    const used = [...files.matchAll(/method: '([A-Z]+)',\s*path: [^,]+,\s*route: '([^']+)'/g)].map(
      ([, m, r]) => `${m} ${r}`,
    );
    expect(used.length).toBeGreaterThan(8);
    for (const route of used) expect(routes).toContain(route);
  });
});

describe('Prometheus rules (validated without promtool)', () => {
  it('have the rule-file structure Prometheus loads', () => {
    expect(Object.keys(rules)).toEqual(['groups']);
    expect(new Set(rules.groups.map((g) => g.name)).size).toBe(rules.groups.length);
    for (const rule of allRules) {
      expect(
        Object.keys(rule).every((k) =>
          ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(k),
        ),
      ).toBe(true);
      expect((rule.record === undefined) !== (rule.alert === undefined)).toBe(true);
      if (rule.record) expect(rule.record).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      if (rule.alert) expect(rule.alert).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      if (rule.record) expect(rule.annotations).toBeUndefined();
      for (const value of [...Object.values(rule.labels ?? {}), ...Object.values(rule.annotations ?? {})])
        expect(typeof value).toBe('string');
    }
  });

  it('parse as PromQL and read only metrics that exist (defined in code, or recorded here)', () => {
    const recorded = new Set(allRules.map((r) => r.record).filter(Boolean));
    const defined = histograms(repoRoot);
    for (const rule of allRules) {
      const parsed = promql(rule.expr);
      expect({ expr: rule.expr, errors: parsed.errors }).toEqual({ expr: rule.expr, errors: false });
      for (const metric of parsed.metrics) {
        const base = metric.replace(/_(bucket|count|sum)$/, '');
        expect({ metric, exists: recorded.has(metric) || defined.has(base) }).toEqual({
          metric,
          exists: true,
        });
      }
    }
  });

  it('record every SLI window and the budget of each objective', () => {
    for (const o of objectives) {
      const mine = allRules.filter(
        (r) => r.labels?.['slo'] === o.sloId && r.labels['objective'] === o.objectiveId,
      );
      expect(mine.filter((r) => r.record).map((r) => r.record)).toEqual([
        'slo:error_budget:ratio',
        ...SLI_WINDOWS.map(ERROR_RATIO_RECORD),
      ]);
      expect(mine.find((r) => r.record === 'slo:error_budget:ratio')?.expr).toBe(`vector(${o.budget})`);
      for (const rule of mine.filter((r) => r.record?.startsWith('slo:sli_error'))) {
        const { matchers } = promql(rule.expr);
        for (const [label, value] of Object.entries(o.source.labels))
          expect(matchers).toContain(`${label}="${value}"`);
        if (o.kind === 'latency') {
          const le = matchers.find((m) => m.startsWith('le'));
          const boundary = Number(/le=~?"([\d.]+)/.exec(le ?? '')?.[1]);
          expect(boundary).toBe(o.thresholdMs / 1000);
        } else {
          for (const [label, value] of Object.entries(o.source.serverErrorSelector ?? {}))
            expect(matchers).toContain(`${label}="${value}"`);
        }
      }
    }
  });

  it('alert on multi-window burn rates with the SRE workbook factors, against each budget', () => {
    for (const o of objectives)
      for (const severity of ['page', 'ticket'] as const) {
        const alert = allRules.find(
          (r) =>
            r.alert &&
            r.labels?.['severity'] === severity &&
            r.labels['slo'] === o.sloId &&
            r.labels['objective'] === o.objectiveId,
        );
        expect(alert?.labels).toEqual({ ...labelsOf(o), severity });
        for (const tier of BURN_RATE_ALERTS.filter((t) => t.severity === severity))
          for (const window of [tier.long, tier.short])
            expect(alert?.expr).toContain(
              `${ERROR_RATIO_RECORD(window)}${sel(o)} > (${tier.factor} * ${o.budget})`,
            );
      }
    expect(BURN_RATE_ALERTS.map((t) => [t.long, t.short, t.factor])).toEqual([
      ['1h', '5m', 14.4],
      ['6h', '30m', 6],
      ['1d', '2h', 3],
      ['3d', '6h', 1],
    ]);
  });

  it('link every alert to its runbook, a heading of docs/runbooks.md', () => {
    // GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes.
    const anchors = [...read(RUNBOOKS).matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      (heading ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    );
    const alerts = allRules.filter((r) => r.alert);
    expect(alerts.length).toBe(objectives.length * 2);
    for (const rule of alerts) {
      const url = runbookUrl(rule.alert ?? '');
      expect(rule.annotations?.['runbook_url']).toBe(url);
      expect(anchors).toContain(url.split('#')[1]);
    }
  });

  it('are loaded by Prometheus in compose and in Kubernetes', () => {
    for (const config of [
      'deploy/compose/prometheus.yml',
      'deploy/k8s/observability/prometheus/prometheus.yml',
    ])
      expect((parse(read(config)) as { rule_files?: string[] }).rule_files).toEqual([
        '/etc/prometheus/slo-rules.yml',
      ]);
    expect(read('docker-compose.yml')).toContain(
      `./${SLO_PATHS.prometheusRules}:/etc/prometheus/slo-rules.yml:ro`,
    );
    const kustomization = read('deploy/k8s/observability/kustomization.yaml');
    expect(kustomization).toContain('- slo-rules.yml=prometheus/slo-rules.yml');
    expect(kustomization).toContain('- grafana/dashboards/shop-slo.json');
    // Both scrape configs attach the `app` label the SLI selectors filter on.
    expect(read('deploy/compose/prometheus.yml')).toMatch(/labels: \{ app: gateway \}/);
    expect(read('deploy/k8s/observability/prometheus/prometheus.yml')).toMatch(/target_label: app/);
  });
});

describe('Grafana SLO panels', () => {
  it('show every objective: its SLI against the target and its burn rate against the budget', () => {
    for (const o of objectives) {
      const mine = dashboard.panels.filter((p) => p.targets?.some((t) => t.expr.includes(sel(o))));
      const stat = mine.find((p) => p.type === 'stat');
      expect(stat?.targets?.[0]?.expr).toBe(`1 - ${ERROR_RATIO_RECORD('1h')}${sel(o)}`);
      expect(stat?.fieldConfig?.defaults.thresholds?.steps.at(-1)?.value).toBe(o.target);
      const burn = mine.find((p) => p.type === 'timeseries');
      for (const target of burn?.targets ?? []) expect(target.expr).toMatch(new RegExp(`\\} / ${o.budget}$`));
      expect(burn?.targets).toHaveLength(3);
    }
  });

  it('query only recorded SLO series, in valid PromQL, with a unique uid and panel ids', () => {
    const recorded = new Set(allRules.map((r) => r.record).filter(Boolean));
    for (const target of dashboard.panels.flatMap((p) => p.targets ?? [])) {
      const parsed = promql(target.expr);
      expect(parsed.errors).toBe(false);
      for (const metric of parsed.metrics) expect(recorded).toContain(metric);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const other = JSON.parse(read('deploy/k8s/observability/grafana/dashboards/shop-overview.json')) as {
      uid: string;
    };
    expect(dashboard.uid).not.toBe(other.uid);
    expect(existsSync(join(repoRoot, 'deploy/k8s/observability/grafana/dashboards.yaml'))).toBe(true);
  });
});
