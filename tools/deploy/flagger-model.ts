// What Flagger generates at runtime from each Canary of an overlay, so the consistency
// checks see the objects the mesh will really have (the rendered overlay has only the Canary).
// Modelled on Flagger's source at FLAGGER_VERSION (scripts/deploy/versions.sh):
// pkg/canary/deployment_controller.go (the primary Deployment), pkg/router/kubernetes_default.go
// (the Services) and pkg/router/istio.go (the DestinationRules and the VirtualService).
import { APP_NAMESPACE } from './deploy-checks';
import { byKind, find, podTemplate, type K8sObject } from './deploy-model';

/** Flagger's -selector-labels default: the first of these in the target's matchLabels. */
export const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'] as const;

export interface CanaryService {
  port: number;
  portName?: string;
  targetPort?: number | string;
  appProtocol?: string;
  delegation?: boolean;
  hosts?: string[];
  gateways?: string[];
  match?: unknown[];
  timeout?: string;
  retries?: unknown;
  trafficPolicy?: Record<string, unknown>;
}

export interface CanarySpec {
  provider?: string;
  targetRef: { apiVersion: string; kind: string; name: string };
  autoscalerRef?: { apiVersion: string; kind: string; name: string };
  service: CanaryService;
  analysis: {
    interval: string;
    threshold: number;
    stepWeight?: number;
    maxWeight?: number;
    metrics?: {
      name: string;
      interval?: string;
      templateRef?: { name: string; namespace?: string };
      thresholdRange?: { min?: number; max?: number };
    }[];
  };
}

export const canaries = (objects: K8sObject[]): K8sObject[] => byKind(objects, 'Canary');
export const canarySpec = (canary: K8sObject) => canary.spec as unknown as CanarySpec;

/** The label Flagger rewrites to `<value>-primary` on the primary, or undefined (Flagger refuses). */
export function selectorLabel(deployment: K8sObject): string | undefined {
  const matchLabels =
    (deployment.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
  return FLAGGER_SELECTOR_LABELS.find((label) => label in matchLabels);
}

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  spec: Record<string, unknown>,
): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: APP_NAMESPACE },
  spec,
});

/**
 * The overlay as the cluster holds it once Flagger initialized every Canary: the primary
 * Deployment (pods relabelled `<label>: <value>-primary`), the Services `<target>` (to the
 * primary), `<target>-primary` and `<target>-canary`, a DestinationRule for each of the last two
 * with the Canary's trafficPolicy, and the VirtualService `<target>` with the weights (a delegate
 * without hosts when `delegation`). A static Service `<target>` is taken over.
 */
export function withFlaggerRuntime(objects: K8sObject[]): K8sObject[] {
  const generated: K8sObject[] = [];
  const takenOver = new Set<string>();
  for (const canary of canaries(objects)) {
    const spec = canarySpec(canary);
    const target = spec.targetRef.name;
    const deployment = find(objects, 'Deployment', target, APP_NAMESPACE);
    const label = deployment && selectorLabel(deployment);
    if (!deployment || !label) continue; // checkCanaries reports it
    const value = podTemplate(deployment).metadata?.labels?.[label] ?? target;
    const primary = structuredClone(deployment);
    primary.metadata = { ...primary.metadata, name: `${target}-primary` };
    const primarySpec = primary.spec as {
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> } };
    };
    primarySpec.selector = { matchLabels: { [label]: `${value}-primary` } };
    primarySpec.template.metadata.labels = {
      ...primarySpec.template.metadata.labels,
      [label]: `${value}-primary`,
    };
    generated.push(primary);

    const service = (name: string, podValue: string) =>
      object('v1', 'Service', name, {
        type: 'ClusterIP',
        selector: { [label]: podValue },
        ports: [
          {
            name: spec.service.portName ?? 'http',
            protocol: 'TCP',
            port: spec.service.port,
            targetPort: spec.service.targetPort ?? spec.service.port,
            ...(spec.service.appProtocol ? { appProtocol: spec.service.appProtocol } : {}),
          },
        ],
      });
    generated.push(
      service(target, `${value}-primary`),
      service(`${target}-primary`, `${value}-primary`),
      service(`${target}-canary`, value),
    );
    takenOver.add(target);
    for (const name of [`${target}-canary`, `${target}-primary`])
      generated.push(
        object('networking.istio.io/v1alpha3', 'DestinationRule', name, {
          host: name,
          ...(spec.service.trafficPolicy ? { trafficPolicy: spec.service.trafficPolicy } : {}),
        }),
      );
    const destination = (host: string, weight: number) => ({
      destination: { host, port: { number: spec.service.port } },
      weight,
    });
    const delegated = spec.service.delegation === true;
    const hosts = spec.service.hosts ?? [];
    const gateways = spec.service.gateways ?? [];
    generated.push(
      object('networking.istio.io/v1alpha3', 'VirtualService', target, {
        hosts: delegated ? [] : hosts.some((h) => h === target || h === '*') ? hosts : [...hosts, target],
        gateways: delegated ? [] : gateways.length > 0 ? gateways : ['mesh'],
        http: [
          {
            ...(spec.service.match ? { match: spec.service.match } : {}),
            ...(spec.service.timeout ? { timeout: spec.service.timeout } : {}),
            ...(spec.service.retries ? { retries: spec.service.retries } : {}),
            route: [destination(`${target}-primary`, 100), destination(`${target}-canary`, 0)],
          },
        ],
      }),
    );
  }
  const kept = objects.filter(
    (o) =>
      !(o.kind === 'Service' && o.metadata.namespace === APP_NAMESPACE && takenOver.has(o.metadata.name)),
  );
  return [...kept, ...generated];
}
