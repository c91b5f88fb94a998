import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkAuthorization,
  checkK8sPorts,
  checkTrafficPolicy,
  effectiveVirtualServices,
} from './deploy-checks';
import { find, loadRendered, podTemplate, repoRoot, type K8sObject } from './deploy-model';
import { loadFixtures, loose, mutate, named, type Fixtures } from './fixtures';
import { canaries, withFlaggerRuntime } from './flagger-model';
import { checkCanaries, checkPrometheusAppLabel, prometheusServices } from './progressive-checks';

// Overlays/kind-progressive releases the gateway with Flagger. The checks run on the overlay
// as rendered and on the cluster as Flagger turns it at runtime (primary Deployment relabelled,
// Services, DestinationRules, delegate VirtualService: flagger-model.ts), so the mesh still
// allows exactly the call graph with the same budgets once Flagger has done its work.
const PROGRESSIVE = 'deploy/k8s/overlays/kind-progressive';
let f: Fixtures;
let overlay: K8sObject[];
let flagger: K8sObject[];
beforeAll(async () => {
  f = await loadFixtures();
  overlay = loadRendered(PROGRESSIVE);
  flagger = loadRendered('deploy/kind/flagger');
}, 300_000);

const runtime = (objects: K8sObject[] = overlay) => withFlaggerRuntime(objects);
const labelsOf = (objects: K8sObject[], deployment: string) =>
  podTemplate(find(objects, 'Deployment', deployment, 'shop') as K8sObject).metadata?.labels;

describe('P28: progressive delivery of the gateway (Flagger)', () => {
  it('has one Canary, for the gateway, and models what Flagger generates from it', () => {
    expect(canaries(overlay).map((c) => c.metadata.name)).toEqual(['gateway']);
    const live = runtime();
    expect(labelsOf(live, 'gateway-primary')).toMatchObject({
      app: 'gateway-primary',
      'app.kubernetes.io/name': 'gateway',
    });
    expect(labelsOf(live, 'gateway')).toMatchObject({ app: 'gateway' });
    for (const service of ['gateway', 'gateway-primary', 'gateway-canary'])
      expect(find(live, 'Service', service, 'shop')).toBeDefined();
    expect(find(live, 'VirtualService', 'gateway', 'shop')?.spec?.['hosts']).toEqual([]);
  });

  it('the Canary fits the gateway, the mesh layer it replaces and Prometheus', () => {
    expect(checkCanaries(f.apps, overlay, f.kind)).toEqual([]);
    expect(checkPrometheusAppLabel(overlay)).toEqual([]);
  });

  it('once Flagger runs: the call graph, the budgets, the ports and probes hold', () => {
    expect(checkAuthorization(f.apps, runtime())).toEqual([]);
    expect(checkTrafficPolicy(f.apps, runtime())).toEqual([]);
    expect(checkK8sPorts(f.apps, runtime())).toEqual([]);
  });

  it('the edge keeps its routes: reads retried, writes never, the same timeouts (P04, P05)', () => {
    const routes = (objects: K8sObject[]) =>
      (
        effectiveVirtualServices(objects).virtualServices.find((v) => v.metadata.name === 'gateway-ingress')
          ?.spec?.['http'] as { name: string; match?: unknown; timeout?: string; retries?: unknown }[]
      ).map(({ name, match, timeout, retries }) => ({ name, match, timeout, retries }));
    expect(routes(runtime())).toEqual(routes(f.kind));
  });

  it('installs the pinned Flagger, on Istio, querying the Prometheus the MetricTemplates query', () => {
    const version = /^FLAGGER_VERSION=v(\S+)$/m.exec(
      readFileSync(join(repoRoot, 'scripts/deploy/versions.sh'), 'utf8'),
    )?.[1];
    const container = podTemplate(find(flagger, 'Deployment', 'flagger') as K8sObject).spec.containers[0];
    expect(container?.image).toBe(`ghcr.io/fluxcd/flagger:${version}`);
    const address = container?.args?.find((a) => a.startsWith('-metrics-server='))?.split('=')[1];
    expect(container?.args).toContain('-mesh-provider=istio');
    expect(prometheusServices(overlay)).toContain(address);
    for (const template of overlay.filter((o) => o.kind === 'MetricTemplate'))
      expect(loose(template).spec.provider.address).toBe(address);
    // deploy/kind/flagger restores connectionPool.tcp in the Canary schema (flagger issue 1639).
    const crd = loose(find(flagger, 'CustomResourceDefinition', 'canaries.flagger.app'));
    expect(
      crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.service.properties.trafficPolicy
        .properties.connectionPool.properties.tcp.properties,
    ).toHaveProperty('maxConnections');
  });

  describe('fails on a broken copy', () => {
    const canary = named('Canary', 'gateway');

    it('a policy selecting by the label Flagger rewrites: the primary would serve nothing', () => {
      const broken = mutate(overlay, named('AuthorizationPolicy', 'gateway-callers'), (p) => {
        loose(p).spec.selector.matchLabels = { app: 'gateway' };
      });
      expect(checkAuthorization(f.apps, runtime(broken))).toContain(
        'istio: AuthorizationPolicy gateway-callers does not select the pods of Deployment gateway-primary (gateway), which allow-nothing then denies everything',
      );
    });

    it('a PodDisruptionBudget that protects only the canary', () => {
      const broken = mutate(overlay, named('PodDisruptionBudget', 'gateway'), (p) => {
        loose(p).spec.selector.matchLabels = { app: 'gateway' };
      });
      expect(checkCanaries(f.apps, broken, f.kind)).toContain(
        "flagger: PodDisruptionBudget gateway selects gateway's canary pods but not gateway-primary's (select by a label Flagger keeps, e.g. app.kubernetes.io/name)",
      );
    });

    it('the static Service, DestinationRule and direct route Flagger replaces, left in place', () => {
      const service = find(f.kind, 'Service', 'gateway', 'shop') as K8sObject;
      const rule = find(f.kind, 'DestinationRule', 'gateway', 'shop') as K8sObject;
      const broken = mutate([...overlay, service, rule], named('VirtualService', 'gateway-ingress'), (v) => {
        loose(v).spec.http[0] = loose(find(f.kind, 'VirtualService', 'gateway-ingress', 'shop')).spec.http[0];
      });
      const problems = checkCanaries(f.apps, broken, f.kind);
      expect(problems).toContain(
        'flagger: Canary gateway: Flagger generates Service gateway, remove the static one',
      );
      expect(problems).toContain(
        'flagger: Canary gateway: Flagger generates the DestinationRule of gateway, remove gateway',
      );
      expect(problems).toContain(
        "flagger: Canary gateway: VirtualService gateway-ingress routes to gateway itself, bypassing Flagger's weights (delegate instead)",
      );
    });

    it('a Canary on the admin port, a traffic policy drifting from the mesh layer, no HPA hand-over', () => {
      const broken = mutate(overlay, canary, (c) => {
        loose(c).spec.service.port = 9100;
        loose(c).spec.service.trafficPolicy.outlierDetection.consecutive5xxErrors = 50;
        delete loose(c).spec.autoscalerRef;
      });
      const problems = checkCanaries(f.apps, broken, f.kind);
      expect(problems).toContain("flagger: Canary gateway service must expose gateway's serving port 8080");
      expect(problems).toContain(
        'flagger: Canary gateway service.trafficPolicy differs from DestinationRule gateway of the mesh layer (P01, P06)',
      );
      expect(problems).toContain(
        'flagger: Canary gateway must name HPA gateway in autoscalerRef: else it scales the canary and nothing scales gateway-primary',
      );
    });

    it('SLO checks against another Prometheus, a missing template, a window not the interval', () => {
      const broken = mutate(
        overlay,
        (o) => canary(o) || named('MetricTemplate', 'slo-availability-errors-0.1pct')(o),
        (o) => {
          if (o.kind === 'MetricTemplate')
            loose(o).spec.provider.address = 'http://prometheus.istio-system:9090';
          else {
            loose(o).spec.analysis.metrics[0].templateRef.name = 'slo-nothing';
            loose(o).spec.analysis.metrics[1].interval = '5m';
          }
        },
      );
      const problems = checkCanaries(f.apps, broken, f.kind);
      expect(problems).toContain(
        'flagger: Canary gateway MetricTemplate slo-availability-errors-0.1pct queries http://prometheus.istio-system:9090, which is no Prometheus Service of this overlay',
      );
      expect(problems).toContain(
        'flagger: Canary gateway metric slo-catalog-reads-p99-100ms names no MetricTemplate of this overlay',
      );
      expect(problems).toContain(
        'flagger: Canary gateway metric slo-catalog-reads-p95-50ms window 5m is not the analysis interval 1m',
      );
    });

    it('Prometheus taking `app` from the label Flagger rewrites: the SLO rules would lose the primary', () => {
      const broken = mutate(overlay, named('ConfigMap', 'prometheus-config'), (c) => {
        loose(c).data['prometheus.yml'] = loose(c).data['prometheus.yml'].replace(
          '__meta_kubernetes_pod_label_app_kubernetes_io_name',
          '__meta_kubernetes_pod_label_app',
        );
      });
      expect(checkPrometheusAppLabel(broken)).toEqual([
        'prometheus: the app label comes from pod label app, which Flagger rewrites to <app>-primary: the SLO rules would lose the primary',
      ]);
    });

    it('a route delegating to a VirtualService nobody generates', () => {
      expect(checkTrafficPolicy(f.apps, overlay)).toContain(
        'istio: VirtualService gateway-ingress route reads delegates to shop/gateway, which is no delegate VirtualService',
      );
    });
  });
});
