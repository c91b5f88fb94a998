// The Flagger Canaries of an overlay are consistent with the app they release, with the
// mesh layer they replace parts of, and with the Prometheus their SLO checks query. Pure
// functions returning problems, like deploy-checks.ts.
import { parse } from 'yaml';
import { APP_NAMESPACE, durationMs, fqdn, selects } from './deploy-checks';
import { byKind, find, podTemplate, type AppCode, type K8sObject } from './deploy-model';
import { canaries, canarySpec, selectorLabel, withFlaggerRuntime } from './flagger-model';

const serving = (code: AppCode) => (code.listens.http ? 'http' : code.listens.grpc ? 'grpc' : undefined);

/**
 * Each Canary: targets an app's Deployment Flagger can relabel; its generated Service is that
 * app's serving port, named and typed for Istio; nothing static competes with what Flagger
 * generates (Service, DestinationRules, routes to the app's host); the HPA is handed over; the
 * traffic policy is the one the mesh layer gives the app everywhere else (`baseline`: the same
 * overlay without progressive delivery); every pod-selecting object that picks the canary's
 * pods picks the primary's too; the analysis is sane and every metric resolves.
 */
export function checkCanaries(apps: AppCode[], objects: K8sObject[], baseline: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const canary of canaries(objects)) {
    const spec = canarySpec(canary);
    const target = spec.targetRef.name;
    const where = `flagger: Canary ${canary.metadata.name}`;
    const code = apps.find((app) => app.name === target);
    const deployment = find(objects, 'Deployment', target, canary.metadata.namespace);
    if (spec.targetRef.kind !== 'Deployment' || !code || !deployment) {
      problems.push(`${where} targets ${spec.targetRef.kind} ${target}, which is not an app's Deployment`);
      continue;
    }
    if (canary.metadata.namespace !== APP_NAMESPACE || spec.provider !== 'istio')
      problems.push(`${where} must live in ${APP_NAMESPACE} with provider istio`);
    const label = selectorLabel(deployment);
    if (!label) {
      problems.push(
        `${where}: Deployment ${target} has no app, name or app.kubernetes.io/name selector label`,
      );
      continue;
    }
    problems.push(
      ...checkCanaryService(where, spec.service, code, deployment),
      ...checkOwnedByFlagger(where, target, objects),
      ...checkPodSelectors(target, withFlaggerRuntime(objects)),
      ...checkAnalysis(where, spec, objects),
    );
    const hpa = byKind(objects, 'HorizontalPodAutoscaler', APP_NAMESPACE).find(
      (h) => (h.spec?.['scaleTargetRef'] as { name?: string } | undefined)?.name === target,
    );
    if (hpa && spec.autoscalerRef?.name !== hpa.metadata.name)
      problems.push(
        `${where} must name HPA ${hpa.metadata.name} in autoscalerRef: else it scales the canary and nothing scales ${target}-primary`,
      );
    const staticRule = find(baseline, 'DestinationRule', target, APP_NAMESPACE);
    if (JSON.stringify(spec.service.trafficPolicy) !== JSON.stringify(staticRule?.spec?.['trafficPolicy']))
      problems.push(
        `${where} service.trafficPolicy differs from DestinationRule ${target} of the mesh layer (P01, P06)`,
      );
  }
  return problems;
}

function checkCanaryService(
  where: string,
  service: ReturnType<typeof canarySpec>['service'],
  code: AppCode,
  deployment: K8sObject,
): string[] {
  const protocol = serving(code);
  const container = podTemplate(deployment).spec.containers.find((c) => c.name === code.name);
  const port = container?.ports?.find((p) => p.name?.startsWith(`${protocol}-`));
  const targetPort =
    typeof service.targetPort === 'string'
      ? container?.ports?.find((p) => p.name === service.targetPort)?.containerPort
      : (service.targetPort ?? service.port);
  const problems: string[] = [];
  if (!protocol || !port || service.port !== port.containerPort || targetPort !== port.containerPort)
    problems.push(`${where} service must expose ${code.name}'s serving port ${port?.containerPort ?? '?'}`);
  if (!service.portName?.startsWith(`${protocol}-`) || service.appProtocol !== protocol)
    problems.push(
      `${where} service port must be named ${protocol}-* with appProtocol ${protocol} for Istio (P24)`,
    );
  return problems;
}

/** Flagger generates these; a static copy would fight it on every `kubectl apply`. */
function checkOwnedByFlagger(where: string, target: string, objects: K8sObject[]): string[] {
  const owned = [target, `${target}-primary`, `${target}-canary`];
  const problems: string[] = [];
  for (const name of owned) {
    if (find(objects, 'Service', name, APP_NAMESPACE))
      problems.push(`${where}: Flagger generates Service ${name}, remove the static one`);
    const rule = byKind(objects, 'DestinationRule', APP_NAMESPACE).find(
      (dr) => fqdn(String(dr.spec?.['host'])) === fqdn(name),
    );
    if (rule)
      problems.push(
        `${where}: Flagger generates the DestinationRule of ${name}, remove ${rule.metadata.name}`,
      );
  }
  if (find(objects, 'VirtualService', target, APP_NAMESPACE))
    problems.push(`${where}: Flagger generates VirtualService ${target}, remove the static one`);
  for (const vs of byKind(objects, 'VirtualService', APP_NAMESPACE)) {
    const routes = (vs.spec?.['http'] as { route?: { destination: { host: string } }[] }[] | undefined) ?? [];
    if (
      routes.some((r) => r.route?.some((d) => owned.map((n) => fqdn(n)).includes(fqdn(d.destination.host))))
    )
      problems.push(
        `${where}: VirtualService ${vs.metadata.name} routes to ${target} itself, bypassing Flagger's weights (delegate instead)`,
      );
  }
  return problems;
}

/**
 * Flagger relabels the primary's pods (`app: <app>-primary`). A PodDisruptionBudget, Sidecar or
 * policy that selects the canary's pods but not the primary's stops protecting the pods that
 * serve. AuthorizationPolicies are checked with the call graph (checkAuthorization).
 */
function checkPodSelectors(target: string, runtime: K8sObject[]): string[] {
  const labels = (name: string) =>
    podTemplate(find(runtime, 'Deployment', name, APP_NAMESPACE) as K8sObject).metadata?.labels ?? {};
  const [canaryPods, primaryPods] = [labels(target), labels(`${target}-primary`)];
  const problems: string[] = [];
  for (const o of runtime.filter(
    (x) => x.metadata.namespace === APP_NAMESPACE && x.kind !== 'AuthorizationPolicy',
  )) {
    const selector =
      o.kind === 'PodDisruptionBudget'
        ? (o.spec?.['selector'] as { matchLabels?: Record<string, string> } | undefined)?.matchLabels
        : ['Sidecar', 'PeerAuthentication', 'RequestAuthentication', 'Telemetry'].includes(o.kind)
          ? (
              (o.spec?.['selector'] ?? o.spec?.['workloadSelector']) as
                { matchLabels?: Record<string, string> } | undefined
            )?.matchLabels
          : undefined;
    if (selects(selector, canaryPods) && !selects(selector, primaryPods))
      problems.push(
        `flagger: ${o.kind} ${o.metadata.name} selects ${target}'s canary pods but not ${target}-primary's (select by a label Flagger keeps, e.g. app.kubernetes.io/name)`,
      );
  }
  return problems;
}

function checkAnalysis(where: string, spec: ReturnType<typeof canarySpec>, objects: K8sObject[]): string[] {
  const { analysis } = spec;
  const problems: string[] = [];
  const interval = durationMs(analysis.interval);
  if (!interval || interval < 30_000)
    problems.push(
      `${where} analysis.interval ${analysis.interval} must be a duration of at least 30s (two scrapes)`,
    );
  const step = analysis.stepWeight ?? 0;
  const max = analysis.maxWeight ?? 0;
  if (analysis.threshold < 1 || step <= 0 || max <= step || max > 100)
    problems.push(`${where} analysis needs threshold >= 1 and 0 < stepWeight < maxWeight <= 100`);
  const metrics = analysis.metrics ?? [];
  if (metrics.length === 0) problems.push(`${where} analysis has no metrics: nothing could roll it back`);
  for (const metric of metrics) {
    const template =
      metric.templateRef &&
      find(objects, 'MetricTemplate', metric.templateRef.name, metric.templateRef.namespace ?? APP_NAMESPACE);
    if (!template) {
      problems.push(`${where} metric ${metric.name} names no MetricTemplate of this overlay`);
      continue;
    }
    if (metric.interval !== analysis.interval)
      problems.push(
        `${where} metric ${metric.name} window ${metric.interval} is not the analysis interval ${analysis.interval}`,
      );
    if (metric.thresholdRange?.max === undefined && metric.thresholdRange?.min === undefined)
      problems.push(`${where} metric ${metric.name} has no thresholdRange`);
    const address = (template.spec?.['provider'] as { address?: string } | undefined)?.address ?? '';
    if (!prometheusServices(objects).includes(address))
      problems.push(
        `${where} MetricTemplate ${template.metadata.name} queries ${address}, which is no Prometheus Service of this overlay`,
      );
  }
  return problems;
}

/** `http://<service>.<namespace>:<port>` of every Service in front of a Prometheus. */
export function prometheusServices(objects: K8sObject[]): string[] {
  return byKind(objects, 'Service')
    .filter(
      (s) =>
        s.metadata.name === 'prometheus' || s.metadata.labels?.['app.kubernetes.io/name'] === 'prometheus',
    )
    .flatMap((s) =>
      ((s.spec?.['ports'] as { port: number }[] | undefined) ?? []).map(
        (p) => `http://${s.metadata.name}.${s.metadata.namespace ?? 'default'}:${p.port}`,
      ),
    );
}

/**
 * The label Prometheus turns into `app` (prometheus.yml in the rendered prometheus-config
 * ConfigMap) must be one Flagger leaves alone: the SLO rules select `app`, and they must count
 * the primary's pods, whichever version serves.
 */
export function checkPrometheusAppLabel(objects: K8sObject[]): string[] {
  const config = byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('prometheus-config'));
  const scrape = parse(config?.data?.['prometheus.yml'] ?? '{}') as {
    scrape_configs?: { relabel_configs?: { source_labels?: string[]; target_label?: string }[] }[];
  };
  const sources = (scrape.scrape_configs ?? [])
    .flatMap((job) => job.relabel_configs ?? [])
    .filter((rule) => rule.target_label === 'app')
    .flatMap((rule) => rule.source_labels ?? []);
  const problems: string[] = [];
  if (sources.length === 0)
    problems.push('prometheus: no relabel rule sets the app label the SLO rules select');
  for (const canary of canaries(objects)) {
    const deployment = find(objects, 'Deployment', canarySpec(canary).targetRef.name, APP_NAMESPACE);
    const label = deployment && selectorLabel(deployment);
    const meta = label && `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
    if (meta && sources.includes(meta))
      problems.push(
        `prometheus: the app label comes from pod label ${label}, which Flagger rewrites to <app>-primary: the SLO rules would lose the primary`,
      );
  }
  return problems;
}
