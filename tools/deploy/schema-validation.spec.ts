import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderedFile, repoRoot } from './deploy-model';

// The schema check of scripts/deploy/validate.sh (kubeconform with strict schemas
// generated from the Kubernetes OpenAPI document and the Istio CRDs) rejects unknown
// fields: the same rendered overlay passes, and a copy with one misspelled field fails.
// The tools are the pinned ones render.sh installs into ~/.cache/shop-reference/deploy.
let dir: string;
let kubeconform: (file: string) => { status: number | null; output: string };

beforeAll(() => {
  renderedFile('deploy/k8s/overlays/kind');
  const paths = execFileSync(
    'bash',
    [
      '-c',
      'source scripts/lib/common.sh && source scripts/deploy/lib.sh && set_tool_paths && echo "${KUBECONFORM}|${SCHEMA_DIR}"',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  ).trim();
  const [binary = '', schemas = ''] = paths.split('|');
  kubeconform = (file) => {
    const result = spawnSync(
      binary,
      [
        '-strict',
        '-output',
        'text',
        '-schema-location',
        `${schemas}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
        file,
      ],
      { encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  dir = mkdtempSync(join(tmpdir(), 'schema-validation-'));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const overlay = () => readFileSync(renderedFile('deploy/k8s/overlays/kind'), 'utf8');

function brokenCopy(name: string, from: string, to: string): string {
  const text = overlay();
  expect(text).toContain(from);
  const file = join(dir, name);
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('strict schema validation (kubeconform + generated schemas)', () => {
  it('accepts the kind overlay as rendered', () => {
    const file = join(dir, 'kind.yaml');
    writeFileSync(file, overlay());
    expect(kubeconform(file)).toEqual({ status: 0, output: '' });
  });

  it.each([
    [
      'Kubernetes field, wrong case',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFileSystem: true',
      "additional properties 'readOnlyRootFileSystem' not allowed",
    ],
    [
      'Kubernetes field, typo',
      'terminationGracePeriodSeconds: 30',
      'terminationGracePeriodSecond: 30',
      "additional properties 'terminationGracePeriodSecond' not allowed",
    ],
    [
      'Istio VirtualService field',
      'perTryTimeout: 2500ms',
      'perTryTimout: 2500ms',
      "additional properties 'perTryTimout' not allowed",
    ],
    [
      'Istio AuthorizationPolicy field',
      'principals:',
      'principal:',
      "additional properties 'principal' not allowed",
    ],
    [
      'Istio value of the wrong type',
      'consecutive5xxErrors: 5',
      'consecutive5xxErrors: five',
      'consecutive5xxErrors',
    ],
    [
      'Kubernetes metadata field',
      '  labels:\n    app: gateway',
      '  lables:\n    app: gateway',
      "additional properties 'lables' not allowed",
    ],
  ])('rejects a misspelled %s', (_what, from, to, message) => {
    const result = kubeconform(brokenCopy(`${from.slice(0, 12)}.yaml`, from, to));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(message);
  });
});
