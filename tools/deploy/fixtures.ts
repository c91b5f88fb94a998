// The real inputs of the consistency specs, loaded once per spec file, and helpers
// to break a copy of them on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  loadAllAppCode,
  loadCompose,
  loadRendered,
  containerPorts,
  repoRoot,
  type AppCode,
  type ComposeFile,
  type K8sObject,
} from './deploy-model';

/** The overlay `make kind-up` applies: every base plus the Istio component. */
export const KIND_OVERLAY = 'deploy/k8s/overlays/kind';

export interface Fixtures {
  apps: AppCode[];
  kind: K8sObject[];
  compose: ComposeFile;
  /** HTTP/gRPC/admin ports each app listens on in compose and Kubernetes. */
  ports: (app: string) => Record<string, string>;
  /** Every static target of deploy/compose/prometheus.yml. */
  prometheusCompose: string[];
  kindUp: string;
}

export async function loadFixtures(): Promise<Fixtures> {
  return {
    apps: await loadAllAppCode(),
    kind: loadRendered(KIND_OVERLAY),
    compose: loadCompose(),
    ports: containerPorts,
    prometheusCompose: prometheusTargets(
      readFileSync(join(repoRoot, 'deploy', 'compose', 'prometheus.yml'), 'utf8'),
    ),
    kindUp: readFileSync(join(repoRoot, 'scripts', 'deploy', 'kind-up.sh'), 'utf8'),
  };
}

/**
 * The fixtures of one spec file, loaded by a beforeAll this call registers: once per
 * file, since rendering every kustomization takes seconds. Read them inside tests only.
 */
export function useFixtures(): Fixtures {
  const fixtures = {} as Fixtures;
  beforeAll(async () => {
    Object.assign(fixtures, await loadFixtures());
  }, 300_000);
  return fixtures;
}

function prometheusTargets(text: string): string[] {
  const config = parse(text) as { scrape_configs?: { static_configs?: { targets?: string[] }[] }[] };
  return (config.scrape_configs ?? []).flatMap((job) =>
    (job.static_configs ?? []).flatMap((group) => group.targets ?? []),
  );
}

/** A deep copy of rendered objects with one object changed by `edit`. */
export function mutate(
  objects: K8sObject[],
  select: (object: K8sObject) => boolean,
  edit: (object: K8sObject) => void,
): K8sObject[] {
  const copy = structuredClone(objects);
  const targets = copy.filter(select);
  if (targets.length === 0) throw new Error('mutation selected nothing: the test would prove nothing');
  targets.forEach(edit);
  return copy;
}

/**
 * Matches the object of this kind and name; a ConfigMap or Secret that kustomize
 * generated also matches by its name without the content-hash suffix.
 */
export const named = (kind: string, name: string) => (object: K8sObject) =>
  object.kind === kind &&
  (object.metadata.name === name ||
    (object.metadata.name.startsWith(`${name}-`) &&
      /^[a-z0-9]{10}$/.test(object.metadata.name.slice(name.length + 1))));

// Most rendered objects are loosely typed: these reach into them for the mutations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const loose = (value: unknown): any => value;
