// Consistency checks between the code and the deployment artifacts. Each check is a
// pure function returning the problems it finds (empty = consistent), so the specs
// can run it on the real manifests AND on deliberately broken copies.
import {
  composeEnv,
  containerEnv,
  find,
  byKind,
  podTemplate,
  type AppCode,
  type ComposeFile,
  type Container,
  type K8sObject,
  type LocalListener,
  type Probe,
} from './deploy-model';

export const APP_NAMESPACE = 'shop';
/** The only app the internet reaches, through the ingress gateway (docs/architecture.md). */
export const PUBLIC_APP = 'gateway';
export const INGRESS_PRINCIPAL = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const INGRESS = 'ingress';

const serviceHost = (app: string) => `${app}.${APP_NAMESPACE}.svc.cluster.local`;

/** A host as Istio resolves it from a resource in `namespace`: a short name is namespace-local. */
export const fqdn = (host: string, namespace = APP_NAMESPACE) =>
  host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;

/** True when every label of `selector` is on `labels` (a matchLabels selector). */
export const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> = {}) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/**
 * The Deployments running an app's pods: its own, plus `<app>-primary` when Flagger releases it
 * (Flagger copies the Deployment and relabels the copy's pods; see flagger-model.ts).
 */
export const workloadsOf = (app: string, objects: K8sObject[]): K8sObject[] =>
  [app, `${app}-primary`]
    .map((name) => find(objects, 'Deployment', name, APP_NAMESPACE))
    .filter((workload): workload is K8sObject => workload !== undefined);

const podLabels = (workload: K8sObject) => podTemplate(workload).metadata?.labels ?? {};

// ---------------------------------------------------------------- Kubernetes helpers

export interface K8sApp {
  code: AppCode;
  deployment: K8sObject;
  container: Container;
  env: Record<string, string>;
}

/** Each app's Deployment, main container and resolved environment. */
export function k8sApps(apps: AppCode[], objects: K8sObject[]): { found: K8sApp[]; problems: string[] } {
  const found: K8sApp[] = [];
  const problems: string[] = [];
  for (const code of apps) {
    const deployment = find(objects, 'Deployment', code.name, APP_NAMESPACE);
    const container = deployment && podTemplate(deployment).spec.containers.find((c) => c.name === code.name);
    if (!deployment || !container) {
      problems.push(
        `${code.name}: no Deployment ${APP_NAMESPACE}/${code.name} with a container named ${code.name}`,
      );
      continue;
    }
    found.push({ code, deployment, container, env: containerEnv(objects, APP_NAMESPACE, container) });
  }
  return { found, problems };
}

function servingPort(
  app: K8sApp | { code: AppCode; env: Record<string, string> },
): { protocol: 'http' | 'grpc'; port: number } | undefined {
  if (app.code.listens.http) return { protocol: 'http', port: Number(app.env['HTTP_PORT']) };
  if (app.code.listens.grpc) return { protocol: 'grpc', port: Number(app.env['GRPC_PORT']) };
  return undefined;
}

// ---------------------------------------------------------------- environment

/**
 * The environment each app gets satisfies its own config schema: every required
 * variable set, every value valid, no variable the schema does not know (a typo),
 * the ports containers listen on (containerPorts in deploy-model.ts).
 */
export function checkEnv(
  where: string,
  code: AppCode,
  env: Record<string, string>,
  expectedPorts: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const variable of code.required) {
    if (!env[variable])
      problems.push(`${where}: ${code.name} requires ${variable} (${code.schemaName}) but it is not set`);
  }
  for (const variable of Object.keys(env)) {
    if (!code.variables.includes(variable)) {
      problems.push(
        `${where}: ${code.name} sets ${variable}, which ${code.schemaName} does not know (typo or stale?)`,
      );
    }
  }
  const parsed = code.schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (!env[String(issue.path[0])]) continue; // unset: reported above
      problems.push(`${where}: ${code.name} ${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (env['SERVICE_NAME'] !== undefined && env['SERVICE_NAME'] !== code.name) {
    problems.push(`${where}: ${code.name} has SERVICE_NAME=${env['SERVICE_NAME']}`);
  }
  for (const port of ['HTTP_PORT', 'GRPC_PORT', 'ADMIN_PORT']) {
    if (code.variables.includes(port) && env[port] !== expectedPorts[port]) {
      problems.push(
        `${where}: ${code.name} ${port}=${env[port]} but containers listen on ${expectedPorts[port]}`,
      );
    }
  }
  return problems;
}

export function checkK8sEnv(
  apps: AppCode[],
  objects: K8sObject[],
  ports: (app: string) => Record<string, string>,
): string[] {
  const { found, problems } = k8sApps(apps, objects);
  for (const app of found) {
    problems.push(...checkEnv('kubernetes', app.code, app.env, ports(app.code.name)));
    if (!app.code.hasMigrations) continue;
    const job = find(objects, 'Job', `${app.code.name}-migrate`, APP_NAMESPACE);
    const migrate = job && podTemplate(job).spec.containers[0];
    if (migrate) {
      const jobEnv = containerEnv(objects, APP_NAMESPACE, migrate);
      if (jobEnv['DATABASE_URL'] !== app.env['DATABASE_URL']) {
        problems.push(
          `kubernetes: Job ${app.code.name}-migrate migrates another DATABASE_URL than the app uses`,
        );
      }
    }
  }
  return problems;
}

export function checkComposeEnv(
  apps: AppCode[],
  compose: ComposeFile,
  ports: (app: string) => Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const code of apps) {
    const service = compose.services[code.name];
    if (!service) {
      problems.push(`compose: no service ${code.name}`);
      continue;
    }
    const env = composeEnv(service);
    problems.push(...checkEnv('compose', code, env, ports(code.name)));
    const migrate = compose.services[`${code.name}-migrate`];
    if (code.hasMigrations && migrate && composeEnv(migrate)['DATABASE_URL'] !== env['DATABASE_URL']) {
      problems.push(`compose: ${code.name}-migrate migrates another DATABASE_URL than ${code.name} uses`);
    }
  }
  return problems;
}

/**
 * compose: every other service an app's environment points at (the host of a URL or a
 * host:port, SMTP_HOST) is among its dependencies, directly or through another one (an
 * app's migration service brings PostgreSQL), so Compose starts it, and first. Missing
 * for notification -> mailpit until compose first ran for real: `up` of the apps left
 * Mailpit stopped and every email was dead-lettered. The OTLP endpoint is exempt:
 * telemetry is optional by design (spans are dropped, nothing fails).
 */
export function checkComposeDependencies(apps: AppCode[], compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const code of apps) {
    const service = compose.services[code.name];
    if (!service) continue;
    const dependencies = composeDependencies(compose, code.name);
    for (const [variable, value] of Object.entries(composeEnv(service))) {
      if (variable.startsWith('OTEL_')) continue;
      for (const host of hostsIn(value)) {
        if (host !== code.name && compose.services[host] && !dependencies.has(host)) {
          problems.push(`compose: ${code.name} reaches ${host} (${variable}) but does not depend on it`);
        }
      }
    }
  }
  return problems;
}

/** Every service Compose starts before `name`: its depends_on, and theirs. */
function composeDependencies(compose: ComposeFile, name: string, found = new Set<string>()): Set<string> {
  const dependsOn = compose.services[name]?.depends_on ?? {};
  for (const dependency of Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn)) {
    if (found.has(dependency)) continue;
    found.add(dependency);
    composeDependencies(compose, dependency, found);
  }
  return found;
}

/** Host names in a value: `scheme://user:password@host:port/path`, `host:port`, comma lists, a bare name. */
function hostsIn(value: string): string[] {
  return value
    .split(',')
    .map((part) => {
      const address = part.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
      return address.slice(address.lastIndexOf('@') + 1).split(/[:/]/)[0] ?? '';
    })
    .filter(Boolean);
}

// ---------------------------------------------------------------- ports and probes

const ADMIN_PORT_NAMES = ['http-admin', 'http-metrics'];

function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function checkProbe(
  app: string,
  container: Container,
  kind: string,
  probe: Probe | undefined,
  path: string,
  adminPort: number,
): string[] {
  if (!probe?.httpGet) return [`kubernetes: ${app} has no HTTP ${kind} (want GET ${path} on the admin port)`];
  const problems: string[] = [];
  if (probe.httpGet.path !== path)
    problems.push(`kubernetes: ${app} ${kind} GETs ${probe.httpGet.path}, want ${path} (P18)`);
  if (resolvePort(container, probe.httpGet.port) !== adminPort) {
    problems.push(
      `kubernetes: ${app} ${kind} targets port ${probe.httpGet.port}, not the admin port ${adminPort} (P24)`,
    );
  }
  return problems;
}

/**
 * Every port the code listens on is declared with an Istio protocol prefix and the
 * value the app is configured with; the Service exposes the serving port only; the
 * probes hit /livez and /readyz on the admin port; Prometheus scrapes the admin port.
 */
export function checkK8sPorts(apps: AppCode[], objects: K8sObject[]): string[] {
  const { found, problems } = k8sApps(apps, objects);
  for (const app of found) {
    const name = app.code.name;
    const ports = app.container.ports ?? [];
    const adminPort = Number(app.env['ADMIN_PORT']);
    const serving = servingPort(app);
    const expected = [
      ...(serving ? [{ prefix: `${serving.protocol}-`, port: serving.port }] : []),
      { prefix: 'http-', port: adminPort },
    ];
    for (const want of expected) {
      const declared = ports.find((p) => p.containerPort === want.port);
      if (!declared)
        problems.push(`kubernetes: ${name} listens on ${want.port} but its container does not declare it`);
      else if (!declared.name?.startsWith(want.prefix)) {
        problems.push(
          `kubernetes: ${name} port ${want.port} is named "${declared.name ?? ''}", want the ${want.prefix} prefix`,
        );
      }
    }
    const admin = ports.find((p) => p.containerPort === adminPort);
    if (admin && !ADMIN_PORT_NAMES.includes(admin.name ?? '')) {
      problems.push(
        `kubernetes: ${name} admin port ${adminPort} is named "${admin.name ?? ''}", want ${ADMIN_PORT_NAMES.join(' or ')}`,
      );
    }
    for (const port of ports) {
      if (!expected.some((want) => want.port === port.containerPort)) {
        problems.push(
          `kubernetes: ${name} declares port ${port.containerPort} (${port.name ?? ''}) the code does not listen on`,
        );
      }
    }
    problems.push(
      ...checkProbe(name, app.container, 'startupProbe', app.container.startupProbe, '/livez', adminPort),
      ...checkProbe(name, app.container, 'livenessProbe', app.container.livenessProbe, '/livez', adminPort),
      ...checkProbe(
        name,
        app.container,
        'readinessProbe',
        app.container.readinessProbe,
        '/readyz',
        adminPort,
      ),
    );
    const annotations = podTemplate(app.deployment).metadata?.annotations ?? {};
    if (
      annotations['prometheus.io/scrape'] !== 'true' ||
      annotations['prometheus.io/port'] !== String(adminPort)
    ) {
      problems.push(
        `kubernetes: ${name} pods are not annotated for Prometheus on the admin port ${adminPort}`,
      );
    }

    const service = find(objects, 'Service', name, APP_NAMESPACE);
    if (!serving) {
      if (service) problems.push(`kubernetes: ${name} serves no port but has a Service`);
      continue;
    }
    const servicePorts =
      (service?.spec?.['ports'] as
        { name?: string; port: number; targetPort?: number | string; appProtocol?: string }[] | undefined) ??
      [];
    if (!service)
      problems.push(`kubernetes: ${name} serves ${serving.protocol} on ${serving.port} but has no Service`);
    for (const port of servicePorts) {
      if (port.port === adminPort || resolvePort(app.container, port.targetPort) === adminPort) {
        problems.push(`kubernetes: Service ${name} exposes the admin port ${adminPort} (P24)`);
      } else if (
        port.port !== serving.port ||
        resolvePort(app.container, port.targetPort ?? port.port) !== serving.port
      ) {
        problems.push(
          `kubernetes: Service ${name} port ${port.name ?? ''} ${port.port} does not lead to the serving port ${serving.port}`,
        );
      } else if (
        !port.name?.startsWith(`${serving.protocol}-`) ||
        (port.appProtocol && port.appProtocol !== serving.protocol)
      ) {
        problems.push(
          `kubernetes: Service ${name} port "${port.name ?? ''}" must be named ${serving.protocol}-* for Istio`,
        );
      }
    }
    if (service && servicePorts.length !== 1)
      problems.push(`kubernetes: Service ${name} should expose exactly the serving port`);
  }
  return problems;
}

/** The ports compose publishes: only the public ones, never an admin port. */
export const COMPOSE_PUBLISHED = { gateway: 8080, mailpit: 8025, jaeger: 16686, grafana: 3000 } as Record<
  string,
  number
>;

export function checkComposePorts(
  apps: AppCode[],
  compose: ComposeFile,
  prometheusTargets: string[],
): string[] {
  const problems: string[] = [];
  const adminPorts = new Set<number>();
  for (const code of apps) {
    const service = compose.services[code.name];
    if (!service) continue;
    const env = composeEnv(service);
    adminPorts.add(Number(env['ADMIN_PORT']));
    const test = (service.healthcheck?.test ?? []).join(' ');
    if (!test.includes(`127.0.0.1:${env['ADMIN_PORT']}/readyz`)) {
      problems.push(
        `compose: ${code.name} healthcheck does not check /readyz on its admin port ${env['ADMIN_PORT']}`,
      );
    }
    if (!prometheusTargets.includes(`${code.name}:${env['ADMIN_PORT']}`)) {
      problems.push(
        `compose: deploy/compose/prometheus.yml does not scrape ${code.name}:${env['ADMIN_PORT']}`,
      );
    }
  }
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of service.ports ?? []) {
      const text =
        typeof port === 'string' ? port : `${port.host_ip ?? ''}:${port.published ?? ''}:${port.target}`;
      const match = /^(127\.0\.0\.1):(\d+):(\d+)$/.exec(text);
      if (!match) {
        problems.push(`compose: ${name} publishes "${text}"; publish as 127.0.0.1:<host>:<container> only`);
        continue;
      }
      const container = Number(match[3]);
      if (adminPorts.has(container))
        problems.push(`compose: ${name} publishes its admin port ${container} (P24)`);
      if (COMPOSE_PUBLISHED[name] !== container)
        problems.push(`compose: ${name} publishes ${container}, which is not public`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- call graph: mesh authorization

interface PolicyRule {
  from?: { source: Record<string, string[] | undefined> }[];
  to?: { operation: Record<string, string[] | undefined> }[];
  when?: unknown[];
}
interface PolicySpec {
  selector?: { matchLabels?: Record<string, string> };
  action?: string;
  rules?: PolicyRule[];
}

const edgeKey = (caller: string, target: string) => `${caller} -> ${target}`;

/** The call graph the code declares, plus the internet -> the public app. */
export function codeCallGraph(apps: AppCode[]): Map<string, string> {
  const edges = new Map<string, string>([[edgeKey(INGRESS, PUBLIC_APP), 'the public entry']]);
  for (const app of apps)
    for (const call of app.calls) edges.set(edgeKey(app.name, call.target), call.variable);
  return edges;
}

/**
 * The AuthorizationPolicies allow exactly the calls the code makes: deny by default,
 * one ALLOW per called app naming its callers' identities on its serving port, and
 * the admin ports denied to everyone.
 */
export function checkAuthorization(apps: AppCode[], objects: K8sObject[]): string[] {
  const { found, problems } = k8sApps(apps, objects);
  const policies = byKind(objects, 'AuthorizationPolicy', APP_NAMESPACE);
  const spec = (policy: K8sObject) => (policy.spec ?? {}) as PolicySpec;
  const saToApp = new Map(
    found.map((app) => [podTemplate(app.deployment).spec.serviceAccountName ?? 'default', app.code.name]),
  );
  const principalToCaller = (principal: string): string => {
    if (principal === INGRESS_PRINCIPAL) return INGRESS;
    const sa = new RegExp(`^cluster\\.local/ns/${APP_NAMESPACE}/sa/([a-z0-9-]+)$`).exec(principal)?.[1];
    return (sa && saToApp.get(sa)) ?? `unknown principal ${principal}`;
  };

  if (!policies.some((p) => !p.spec || Object.keys(spec(p)).length === 0)) {
    problems.push(
      `istio: no allow-nothing AuthorizationPolicy (empty spec) in ${APP_NAMESPACE}: traffic is allowed by default`,
    );
  }

  const denied = new Set<string>();
  for (const policy of policies.filter((p) => spec(p).action === 'DENY')) {
    if (spec(policy).selector) continue;
    for (const rule of spec(policy).rules ?? []) {
      if (rule.from || rule.when) continue; // only unconditional denies count
      for (const to of rule.to ?? []) for (const port of to.operation['ports'] ?? []) denied.add(port);
    }
  }
  const allowed = new Map<string, string>();
  for (const policy of policies.filter(
    (p) => (spec(p).action ?? 'ALLOW') === 'ALLOW' && spec(p).rules?.length,
  )) {
    // The app whose pods the selector picks, whichever label it selects them by.
    const selector = spec(policy).selector?.matchLabels;
    const selected = found.filter((a) =>
      workloadsOf(a.code.name, objects).some((w) => selects(selector, podLabels(w))),
    );
    const app = selected.length === 1 ? selected[0] : undefined;
    if (!app) {
      const labels = Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`);
      problems.push(
        `istio: AuthorizationPolicy ${policy.metadata.name} allows traffic to something that is not one app (selector ${labels.join(',') || 'none'})`,
      );
      continue;
    }
    const target = app.code.name;
    // Every pod of the app must be selected: one that is not gets nothing but allow-nothing.
    for (const workload of workloadsOf(target, objects).filter((w) => !selects(selector, podLabels(w)))) {
      problems.push(
        `istio: AuthorizationPolicy ${policy.metadata.name} does not select the pods of Deployment ${workload.metadata.name} (${target}), which allow-nothing then denies everything`,
      );
    }
    const serving = servingPort(app);
    for (const rule of spec(policy).rules ?? []) {
      const principals = (rule.from ?? []).flatMap((from) => from.source['principals'] ?? []);
      const otherSources = (rule.from ?? []).some((from) =>
        Object.keys(from.source).some((key) => key !== 'principals'),
      );
      const ports = (rule.to ?? []).flatMap((to) => to.operation['ports'] ?? []);
      if (principals.length === 0 || otherSources) {
        problems.push(`istio: ${policy.metadata.name} allows callers that are not named by principal`);
      }
      if (!serving || ports.length !== 1 || ports[0] !== String(serving.port)) {
        problems.push(
          `istio: ${policy.metadata.name} must allow exactly ${target}'s serving port ${serving?.port ?? '(none)'}, allows [${ports.join(', ')}]`,
        );
      }
      for (const principal of principals)
        allowed.set(edgeKey(principalToCaller(principal), target), policy.metadata.name);
    }
  }

  const expected = codeCallGraph(apps);
  for (const [edge, reason] of expected) {
    if (!allowed.has(edge))
      problems.push(`istio: the code calls ${edge} (${reason}) but no AuthorizationPolicy allows it`);
  }
  for (const [edge, policy] of allowed) {
    if (!expected.has(edge)) problems.push(`istio: ${policy} allows ${edge}, a call the code does not make`);
  }
  for (const app of found) {
    if (!denied.has(app.env['ADMIN_PORT'] ?? '')) {
      problems.push(
        `istio: ${app.code.name}'s admin port ${app.env['ADMIN_PORT']} is not denied to every caller (P24)`,
      );
    }
  }
  const strict = byKind(objects, 'PeerAuthentication', APP_NAMESPACE).some(
    (p) => !p.spec?.['selector'] && (p.spec?.['mtls'] as { mode?: string } | undefined)?.mode === 'STRICT',
  );
  if (!strict) problems.push(`istio: no namespace-wide PeerAuthentication STRICT in ${APP_NAMESPACE}`);
  return problems;
}

/** Every call's address points at the target's Service and serving port. */
export function checkCallAddresses(apps: AppCode[], objects: K8sObject[], compose: ComposeFile): string[] {
  const { found, problems } = k8sApps(apps, objects);
  for (const caller of found) {
    for (const call of caller.code.calls) {
      const target = found.find((a) => a.code.name === call.target);
      const serving = target && servingPort(target);
      if (!target || !serving) {
        problems.push(
          `${caller.code.name} calls ${call.target} (${call.variable}), which serves no ${call.protocol} port`,
        );
        continue;
      }
      const scheme = call.protocol === 'http' ? 'http://' : '';
      const k8s = `${scheme}${serviceHost(call.target)}:${serving.port}`;
      if (caller.env[call.variable] !== k8s) {
        problems.push(
          `kubernetes: ${caller.code.name} ${call.variable}=${caller.env[call.variable]}, want ${k8s}`,
        );
      }
      const composeValue = compose.services[caller.code.name]?.environment?.[call.variable];
      const composeWant = `${scheme}${call.target}:${serving.port}`;
      if (composeValue !== composeWant)
        problems.push(
          `compose: ${caller.code.name} ${call.variable}=${String(composeValue)}, want ${composeWant}`,
        );
    }
  }
  return problems;
}

// ---------------------------------------------------------------- traffic policy

interface HttpRoute {
  name?: string;
  match?: { method?: { regex?: string; exact?: string }; uri?: Record<string, string> }[];
  timeout?: string;
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  route?: { destination: { host: string; port?: { number: number } } }[];
}

export function durationMs(value: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value ?? '');
  if (!match) return undefined;
  const unit = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000;
  return Number(match[1]) * unit;
}

const READ_ONLY_METHODS = /^\^?\(?(GET|HEAD|OPTIONS)(\|(GET|HEAD|OPTIONS))*\)?\$?$/;
const QUERY_METHODS = /\((Get|List|Check)(\|(Get|List|Check))*\)/;

/**
 * Every Service has a DestinationRule with outlier detection and a connection pool;
 * every route declares its retries; retries only on idempotent routes (reads, gRPC
 * queries); mesh timeouts never shorter than the callers' own budgets.
 */
export function checkTrafficPolicy(apps: AppCode[], objects: K8sObject[]): string[] {
  const { found, problems } = k8sApps(apps, objects);
  const { virtualServices, problems: delegation } = effectiveVirtualServices(objects);
  problems.push(...delegation);
  const routesTo = (hosts: string[]): { vs: string; route: HttpRoute }[] =>
    virtualServices.flatMap((vs) =>
      ((vs.spec?.['http'] as HttpRoute[] | undefined) ?? [])
        .filter((route) => route.route?.some((r) => hosts.includes(fqdn(r.destination.host))))
        .map((route) => ({ vs: vs.metadata.name, route })),
    );
  for (const app of found) {
    const name = app.code.name;
    const serving = servingPort(app);
    if (!serving) continue;
    const routes = routesTo(serviceHostsOf(name, objects));
    // Every host the mesh sends the app's traffic to (its Service, or Flagger's primary and
    // canary Services) has its own DestinationRule.
    const routed = new Set(
      routes.flatMap(({ route }) => (route.route ?? []).map((r) => fqdn(r.destination.host))),
    );
    for (const host of routed.size > 0 ? routed : new Set([serviceHost(name)])) {
      const rule = byKind(objects, 'DestinationRule', APP_NAMESPACE).find(
        (dr) => fqdn(String(dr.spec?.['host'])) === host,
      );
      const policy = rule?.spec?.['trafficPolicy'] as Record<string, unknown> | undefined;
      if (!policy?.['outlierDetection'] || !policy['connectionPool']) {
        const which = host === serviceHost(name) ? '' : ` for ${host}`;
        problems.push(
          `istio: ${name} has no DestinationRule${which} with outlierDetection and connectionPool (P01, P06)`,
        );
      }
    }
    if (routes.length === 0)
      problems.push(`istio: no VirtualService routes ${name}: Istio's default retries would apply (P05)`);
    const callerBudgets = found
      .filter((caller) => caller.code.calls.some((call) => call.target === name))
      .map((caller) => Number(caller.env['GRPC_DEADLINE_MS'] ?? 0));
    for (const { vs, route } of routes) {
      const where = `istio: VirtualService ${vs} route ${route.name ?? '?'}`;
      const attempts = route.retries?.attempts;
      if (attempts === undefined) {
        problems.push(`${where} does not declare its retries (P05)`);
        continue;
      }
      if (attempts > 0) {
        const idempotent =
          (route.match ?? []).length > 0 &&
          (route.match ?? []).every((m) =>
            m.method
              ? READ_ONLY_METHODS.test(m.method.regex ?? m.method.exact ?? '')
              : QUERY_METHODS.test(m.uri?.['regex'] ?? ''),
          );
        if (!idempotent)
          problems.push(`${where} retries a route that is not limited to idempotent calls (P05)`);
      }
      const timeout = durationMs(route.timeout);
      const budget = Math.max(0, ...callerBudgets);
      if (timeout !== undefined && timeout < budget) {
        problems.push(
          `${where} times out after ${timeout} ms, before its callers' own deadline of ${budget} ms (P04)`,
        );
      }
      const perTry = durationMs(route.retries?.perTryTimeout);
      if (name === PUBLIC_APP && attempts > 0) {
        const downstream = Number(app.env['GRPC_DEADLINE_MS'] ?? 0);
        if (perTry === undefined || perTry <= downstream) {
          problems.push(
            `${where} perTryTimeout ${perTry ?? 'unset'} ms must exceed ${name}'s GRPC_DEADLINE_MS ${downstream} ms (P04)`,
          );
        } else if (timeout === undefined || timeout < (attempts + 1) * perTry) {
          problems.push(
            `${where} timeout ${timeout ?? 'unset'} ms cannot fit ${attempts + 1} tries of ${perTry} ms`,
          );
        }
      }
    }
  }
  return problems;
}

/** The hosts of the Services whose selector picks pods of `app` (any of its Deployments). */
function serviceHostsOf(app: string, objects: K8sObject[]): string[] {
  const labels = workloadsOf(app, objects).map(podLabels);
  return byKind(objects, 'Service', APP_NAMESPACE)
    .filter((service) =>
      labels.some((pod) => selects(service.spec?.['selector'] as Record<string, string>, pod)),
    )
    .map((service) => serviceHost(service.metadata.name));
}

/**
 * The VirtualServices as Istio serves them: a route with `delegate` replaced by the delegate's
 * routes, each inheriting what it leaves unset (match, timeout, retries) from the root route
 * (istio.io/istio pilot/pkg/model/virtualservice.go mergeHTTPRoute); delegates (no hosts) alone
 * route nothing. Flagger's VirtualService is such a delegate.
 */
export function effectiveVirtualServices(objects: K8sObject[]): {
  virtualServices: K8sObject[];
  problems: string[];
} {
  const all = byKind(objects, 'VirtualService', APP_NAMESPACE);
  const hosts = (vs: K8sObject) => (vs.spec?.['hosts'] as string[] | undefined) ?? [];
  const problems: string[] = [];
  const virtualServices = all
    .filter((vs) => hosts(vs).length > 0)
    .map((vs) => {
      const http = ((vs.spec?.['http'] as (HttpRoute & { delegate?: Delegate })[] | undefined) ?? []).flatMap(
        (root) => {
          if (!root.delegate) return [root];
          const { name, namespace = vs.metadata.namespace } = root.delegate;
          const delegate = all.find((d) => d.metadata.name === name && d.metadata.namespace === namespace);
          if (!delegate || hosts(delegate).length > 0) {
            problems.push(
              `istio: VirtualService ${vs.metadata.name} route ${root.name ?? '?'} delegates to ${namespace}/${name}, which is no delegate VirtualService`,
            );
            return [];
          }
          const { delegate: _dropped, ...inherited } = root;
          return ((delegate.spec?.['http'] as HttpRoute[] | undefined) ?? []).map((route): HttpRoute => ({
            ...inherited,
            ...Object.fromEntries(Object.entries(route).filter(([, value]) => value !== undefined)),
            name: root.name && route.name ? `${root.name}-${route.name}` : (root.name ?? route.name),
            match: route.match?.length ? route.match : root.match,
          }));
        },
      );
      return { ...vs, spec: { ...vs.spec, http } };
    });
  return { virtualServices, problems };
}

interface Delegate {
  name: string;
  namespace?: string;
}

// ---------------------------------------------------------------- images, commands, migrations

export function checkImagesAndCommands(
  apps: AppCode[],
  objects: K8sObject[],
  compose: ComposeFile,
  tag: string,
  kindUp: string,
): string[] {
  const problems: string[] = [];
  const want = (app: string) => `shop/${app}:${tag}`;
  const command = (app: string, entry: 'main' | 'migrate') => ['node', `dist/apps/${app}/src/${entry}.js`];
  const same = (a: string[] | undefined, b: string[]) => JSON.stringify(a) === JSON.stringify(b);
  for (const code of apps) {
    const name = code.name;
    const workloads: [string, K8sObject | undefined, 'main' | 'migrate'][] = [
      [`Deployment ${name}`, find(objects, 'Deployment', name, APP_NAMESPACE), 'main'],
      ...(code.hasMigrations
        ? [
            [`Job ${name}-migrate`, find(objects, 'Job', `${name}-migrate`, APP_NAMESPACE), 'migrate'] as [
              string,
              K8sObject | undefined,
              'migrate',
            ],
          ]
        : []),
    ];
    for (const [label, workload, entry] of workloads) {
      const container = workload && podTemplate(workload).spec.containers[0];
      if (!container) continue;
      if (container.image !== want(name))
        problems.push(`kubernetes: ${label} runs ${container.image}, want ${want(name)}`);
      if (!same(container.command, command(name, entry)))
        problems.push(
          `kubernetes: ${label} runs ${JSON.stringify(container.command)}, want ${JSON.stringify(command(name, entry))}`,
        );
    }
    const services: [string, 'main' | 'migrate'][] = [
      [name, 'main'],
      ...(code.hasMigrations ? [[`${name}-migrate`, 'migrate'] as [string, 'migrate']] : []),
    ];
    for (const [service, entry] of services) {
      const definition = compose.services[service];
      if (!definition) continue;
      if (definition.image !== want(name))
        problems.push(`compose: ${service} uses image ${definition.image ?? '(none)'}, want ${want(name)}`);
      if (!same(definition.command, command(name, entry)))
        problems.push(
          `compose: ${service} runs ${JSON.stringify(definition.command)}, want ${JSON.stringify(command(name, entry))}`,
        );
    }
    if (compose.services[name] && compose.services[name]?.build?.args?.['APP'] !== name) {
      problems.push(`compose: ${name} does not build its image with APP=${name}`);
    }
  }
  if (!kindUp.includes('shop/${app}:${SHOP_IMAGE_TAG}')) {
    problems.push('kind-up.sh does not build and load shop/${app}:${SHOP_IMAGE_TAG}');
  }
  return problems;
}

/** Migrations exist exactly for the apps that own a database, in Kubernetes and compose. */
export function checkMigrations(apps: AppCode[], objects: K8sObject[], compose: ComposeFile): string[] {
  const problems: string[] = [];
  const jobs = new Set(byKind(objects, 'Job', APP_NAMESPACE).map((job) => job.metadata.name));
  const composeMigrations = new Set(
    Object.keys(compose.services).filter((name) => name.endsWith('-migrate')),
  );
  for (const code of apps) {
    const name = `${code.name}-migrate`;
    if (code.hasMigrations !== code.variables.includes('DATABASE_URL')) {
      problems.push(
        `${code.name}: has DATABASE_URL ${code.variables.includes('DATABASE_URL')} but migrate.ts ${code.hasMigrations}`,
      );
    }
    if (code.hasMigrations !== jobs.has(name))
      problems.push(
        `kubernetes: Job ${name} ${code.hasMigrations ? 'missing' : 'exists but the app has no migrations'}`,
      );
    if (code.hasMigrations !== composeMigrations.has(name))
      problems.push(
        `compose: service ${name} ${code.hasMigrations ? 'missing' : 'exists but the app has no migrations'}`,
      );
    const dependsOn = compose.services[code.name]?.depends_on;
    const condition = dependsOn && !Array.isArray(dependsOn) ? dependsOn[name]?.condition : undefined;
    if (code.hasMigrations && condition !== 'service_completed_successfully') {
      problems.push(
        `compose: ${code.name} does not wait for ${name} (depends_on: service_completed_successfully)`,
      );
    }
    jobs.delete(name);
    composeMigrations.delete(name);
  }
  for (const job of jobs) problems.push(`kubernetes: Job ${job} belongs to no app`);
  for (const service of composeMigrations) problems.push(`compose: ${service} belongs to no app`);
  return problems;
}

/** Every pool at its maximum, on every replica the HPA may run, fits Postgres. */
export function checkConnectionBudget(apps: AppCode[], objects: K8sObject[]): string[] {
  const { found, problems } = k8sApps(apps, objects);
  const postgres = find(objects, 'StatefulSet', 'postgres');
  const args = postgres ? (podTemplate(postgres).spec.containers[0]?.args ?? []) : [];
  const maxConnections = Number(/max_connections=(\d+)/.exec(args.join(' '))?.[1] ?? 100);
  let total = 0;
  const terms: string[] = [];
  for (const app of found.filter((a) => a.code.variables.includes('DB_POOL_MAX'))) {
    const parsed = app.code.schema.safeParse(app.env);
    if (!parsed.success) {
      problems.push(`P07: ${app.code.name}'s environment does not parse, so its pool size is unknown`);
      continue;
    }
    const pool = Number((parsed.data as Record<string, unknown>)['DB_POOL_MAX']);
    const hpa = find(objects, 'HorizontalPodAutoscaler', app.code.name, APP_NAMESPACE);
    const replicas = Number(hpa?.spec?.['maxReplicas'] ?? 1);
    total += pool * replicas + 1; // + the migration Job's single connection
    terms.push(`${app.code.name} ${pool}x${replicas}+1`);
  }
  const reserved = 10; // superuser_reserved_connections and admin sessions
  if (total + reserved > maxConnections) {
    problems.push(
      `P07: ${terms.join(' + ')} = ${total} connections (+${reserved} reserved) exceed Postgres max_connections=${maxConnections}`,
    );
  }
  return problems;
}

// ---------------------------------------------------------------- local mode: listening ports

/** A range of ports the kernel hands out as source ports of outgoing connections. */
export interface EphemeralRange {
  /** Whose range it is, for the message: `Linux default`, `this machine`. */
  source: string;
  low: number;
  high: number;
}

/** Linux's default net.ipv4.ip_local_port_range, and the IANA dynamic range macOS and Windows use. */
export const KNOWN_EPHEMERAL_RANGES: readonly EphemeralRange[] = [
  { source: 'Linux default (net.ipv4.ip_local_port_range)', low: 32768, high: 60999 },
  { source: 'IANA dynamic range (macOS, Windows)', low: 49152, high: 65535 },
];

/**
 * Every app of `make up` shares one network namespace: a listening port inside an
 * ephemeral range can be taken by an outgoing connection before its server starts
 * (EADDRINUSE: docs/conventions.md#local-ports). Also, no two listeners on one port.
 */
export function checkLocalPorts(listeners: LocalListener[], ranges: readonly EphemeralRange[]): string[] {
  const problems: string[] = [];
  for (const { name, port } of listeners) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`${name}=${port} is not a port`);
    for (const range of ranges) {
      if (port >= range.low && port <= range.high) {
        problems.push(
          `${name}=${port} lies in the ephemeral range ${range.low}-${range.high} (${range.source}): ` +
            'an outgoing connection can take it before the server starts',
        );
      }
    }
  }
  const firstOnPort = new Map<number, string>();
  for (const { name, port } of listeners) {
    const first = firstOnPort.get(port);
    if (first === undefined) firstOnPort.set(port, name);
    else problems.push(`${first} and ${name} both listen on ${port}`);
  }
  return problems;
}
