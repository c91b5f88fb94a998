// What the consistency tests compare: the code (each app's zod config schema), the
// rendered Kubernetes manifests and docker-compose.yml. Pure readers, no assertions:
// the checks live in deploy-checks.ts, the specs call both.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';

export const repoRoot = join(__dirname, '..', '..');

// ---------------------------------------------------------------- the code

export interface AppCode {
  name: string;
  /** The schema main.ts validates the environment with. */
  schema: z.ZodObject;
  schemaName: string;
  /** Every variable the schema knows. */
  variables: string[];
  /** Variables with no default that are not optional: the deployment must set them. */
  required: string[];
  /** Transport ports the code listens on, by variable. */
  listens: { http: boolean; grpc: boolean };
  /** Apps this one calls: `<T>_GRPC_URL` (gRPC) and PAYMENT_PROVIDER_URL (HTTP). */
  calls: { target: string; variable: string; protocol: 'grpc' | 'http' }[];
  /** An app with apps/<app>/src/migrate.ts owns a database and runs migrations. */
  hasMigrations: boolean;
}

export const appNames = (): string[] =>
  readdirSync(join(repoRoot, 'apps'), { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(repoRoot, 'apps', entry.name, 'src', 'main.ts')),
    )
    .map((entry) => entry.name)
    .sort();

/** `USER_GRPC_URL` -> `user`, `PAYMENT_PROVIDER_URL` -> `payment-provider`. */
export const envPrefix = (app: string): string => app.toUpperCase().replace(/-/g, '_');

/**
 * Loads apps/<app>/src/<app>.config.ts and reads the exported `*ConfigSchema`.
 * The schema module is loaded from source so the tests always see the schema as it
 * is now (no stale dist/), and so a new variable or a new call fails them at once.
 */
export async function loadAppCode(app: string): Promise<AppCode> {
  const file = join(repoRoot, 'apps', app, 'src', `${app}.config.ts`);
  if (!existsSync(file)) throw new Error(`${app}: no config schema at apps/${app}/src/${app}.config.ts`);
  // A computed path on purpose: tools may read any app's schema (it is the contract the
  // deployment must satisfy), which a static cross-project import would make a
  // module-boundary violation for every app that exists or is added later.
  const module = (await import(file)) as Record<string, unknown>;
  const [schemaName, schema] =
    Object.entries(module).find(([name, value]) => name.endsWith('ConfigSchema') && isZodObject(value)) ?? [];
  if (!schemaName || !isZodObject(schema))
    throw new Error(`${app}: ${file} exports no *ConfigSchema zod object`);
  const variables = Object.keys(schema.shape).sort();
  const required = variables.filter((name) => !schema.shape[name]?.safeParse(undefined).success);
  const calls: AppCode['calls'] = [];
  for (const variable of variables) {
    const grpc = /^([A-Z0-9_]+)_GRPC_URL$/.exec(variable);
    if (grpc?.[1])
      calls.push({ target: grpc[1].toLowerCase().replace(/_/g, '-'), variable, protocol: 'grpc' });
    if (variable === 'PAYMENT_PROVIDER_URL')
      calls.push({ target: 'payment-provider', variable, protocol: 'http' });
  }
  return {
    name: app,
    schema,
    schemaName,
    variables,
    required,
    listens: { http: variables.includes('HTTP_PORT'), grpc: variables.includes('GRPC_PORT') },
    calls,
    hasMigrations: existsSync(join(repoRoot, 'apps', app, 'src', 'migrate.ts')),
  };
}

function isZodObject(value: unknown): value is z.ZodObject {
  return typeof value === 'object' && value !== null && 'shape' in value && 'safeParse' in value;
}

export const loadAllAppCode = async (): Promise<AppCode[]> =>
  Promise.all(
    appNames()
      .filter((app) => app !== 'e2e')
      .map(loadAppCode),
  );

/** deploy/local/<app>.env: the ports every mode must agree on. */
export function localEnv(app: string): Record<string, string> {
  return parseEnvFile(readFileSync(join(repoRoot, 'deploy', 'local', `${app}.env`), 'utf8'));
}

/**
 * gRPC's customary ports, kept in containers and pods. Local mode listens on
 * 20051-20055 instead: there every app shares one network namespace, and a port
 * inside the kernel's ephemeral range can be taken by an outgoing connection
 * before its server starts (docs/conventions.md#local-ports). A pod has its own
 * namespace, so the conventional port is safe there.
 */
export const CONTAINER_GRPC_PORTS: Readonly<Record<string, string>> = {
  user: '50051',
  order: '50052',
  inventory: '50053',
  payment: '50054',
  notification: '50055',
};

/** A port something listens on in local mode (`make up`), and where it is set. */
export interface LocalListener {
  /** `gateway HTTP_PORT` (deploy/local/gateway.env) or `infra KAFKA_PORT` (scripts/infra/lib.sh). */
  name: string;
  port: number;
}

/**
 * Every port `make up` listens on: each app's HTTP, gRPC and admin port from
 * deploy/local/<app>.env, and each infrastructure port's default from
 * scripts/infra/lib.sh (`KAFKA_PORT="${KAFKA_PORT:-9092}"`).
 */
export function localListeners(): LocalListener[] {
  const listeners: LocalListener[] = [];
  const localDir = join(repoRoot, 'deploy', 'local');
  for (const file of readdirSync(localDir).filter((f) => f.endsWith('.env') && f !== 'services.env')) {
    const env = parseEnvFile(readFileSync(join(localDir, file), 'utf8'));
    for (const variable of ['HTTP_PORT', 'GRPC_PORT', 'ADMIN_PORT']) {
      if (env[variable] !== undefined)
        listeners.push({ name: `${file.replace(/\.env$/, '')} ${variable}`, port: Number(env[variable]) });
    }
  }
  const infra = readFileSync(join(repoRoot, 'scripts', 'infra', 'lib.sh'), 'utf8');
  for (const match of infra.matchAll(/^([A-Z_]*PORT)="\$\{\1:-(\d+)\}"$/gm)) {
    listeners.push({ name: `infra ${match[1]}`, port: Number(match[2]) });
  }
  return listeners;
}

/** HTTP_PORT, GRPC_PORT and ADMIN_PORT of an app in compose and Kubernetes: local mode's, but gRPC's. */
export function containerPorts(app: string): Record<string, string> {
  const { HTTP_PORT, ADMIN_PORT } = localEnv(app);
  const ports: Record<string, string> = {};
  if (HTTP_PORT !== undefined) ports['HTTP_PORT'] = HTTP_PORT;
  if (ADMIN_PORT !== undefined) ports['ADMIN_PORT'] = ADMIN_PORT;
  const grpc = CONTAINER_GRPC_PORTS[app];
  if (grpc !== undefined) ports['GRPC_PORT'] = grpc;
  return ports;
}

export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1]) env[match[1]] = match[2] ?? '';
  }
  return env;
}

// ---------------------------------------------------------------- Kubernetes

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      configMapKeyRef?: { name: string; key: string };
      secretKeyRef?: { name: string; key: string };
      fieldRef?: { fieldPath: string };
    };
  }[];
  envFrom?: { prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}

export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  grpc?: { port: number };
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; serviceAccountName?: string };
}

let renderDir: string | undefined;
// Registered when a spec imports this module (hooks cannot be added once tests run).
afterAll(() => {
  if (renderDir) rmSync(renderDir, { recursive: true, force: true });
});

/**
 * Renders every kustomization once per test file with the pinned kustomize
 * (scripts/deploy/render.sh, which installs it on first use), into a temporary
 * directory of its own: parallel workers and parallel test runs never read each
 * other's half-written output. Removed after the file's tests. Returns the directory.
 */
export function renderManifests(): string {
  if (renderDir) return renderDir;
  const dir = mkdtempSync(join(tmpdir(), 'shop-rendered-'));
  execFileSync('bash', [join(repoRoot, 'scripts', 'deploy', 'render.sh'), dir], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  renderDir = dir;
  return dir;
}

/** The rendered YAML of one kustomization directory, e.g. `deploy/k8s/overlays/kind`. */
export function renderedFile(dir: string): string {
  const out = renderManifests();
  const index = readFileSync(join(out, 'index.txt'), 'utf8');
  const line = index.split('\n').find((entry) => entry.split(' ')[0] === dir);
  if (!line) throw new Error(`no rendered output for ${dir}; is there a kustomization.yaml?`);
  return join(out, line.split(' ')[1] ?? '');
}

/** Objects rendered from one kustomization directory. */
export const loadRendered = (dir: string): K8sObject[] =>
  parseManifests(readFileSync(renderedFile(dir), 'utf8'));

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => !!object);
}

export const byKind = (objects: K8sObject[], kind: string, namespace?: string): K8sObject[] =>
  objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));

export const find = (
  objects: K8sObject[],
  kind: string,
  name: string,
  namespace?: string,
): K8sObject | undefined => byKind(objects, kind, namespace).find((o) => o.metadata.name === name);

export const podTemplate = (workload: K8sObject): PodTemplate =>
  (workload.spec as { template: PodTemplate }).template;

/** The environment a container gets, with ConfigMap/Secret references resolved. */
export function containerEnv(
  objects: K8sObject[],
  namespace: string,
  container: Container,
): Record<string, string> {
  const env: Record<string, string> = {};
  const dataOf = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> => {
    const source = find(objects, kind, name, namespace);
    if (!source)
      throw new Error(`${container.name}: ${kind} ${namespace}/${name} is referenced but not rendered`);
    const data = source.data ?? {};
    if (kind === 'ConfigMap') return data;
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  };
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef
      ? dataOf('ConfigMap', source.configMapRef.name)
      : source.secretRef
        ? dataOf('Secret', source.secretRef.name)
        : {};
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (from?.configMapKeyRef)
      env[variable.name] = dataOf('ConfigMap', from.configMapKeyRef.name)[from.configMapKeyRef.key] ?? '';
    else if (from?.secretKeyRef)
      env[variable.name] = dataOf('Secret', from.secretKeyRef.name)[from.secretKeyRef.key] ?? '';
    else if (from?.fieldRef) env[variable.name] = `<${from.fieldRef.fieldPath}>`;
  }
  return env;
}

// ---------------------------------------------------------------- docker compose

export interface ComposeService {
  image?: string;
  build?: { args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

export function loadCompose(text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')): ComposeFile {
  // `merge: true`: the file shares settings with YAML merge keys (<<: *app-env), as Compose does.
  return parse(text, { merge: true }) as ComposeFile;
}

export function composeEnv(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      value === null ? '' : String(value),
    ]),
  );
}

/** The pinned tag of the app images (scripts/deploy/versions.sh). */
export function pinnedImageTag(): string {
  const versions = readFileSync(join(repoRoot, 'scripts', 'deploy', 'versions.sh'), 'utf8');
  const tag = /^SHOP_IMAGE_TAG=(\S+)$/m.exec(versions)?.[1];
  if (!tag) throw new Error('scripts/deploy/versions.sh has no SHOP_IMAGE_TAG');
  return tag;
}
