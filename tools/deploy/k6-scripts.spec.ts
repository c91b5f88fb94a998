import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// The k6-operator runs the scripts from ConfigMaps (k6/kustomization.yaml) mounted by the TestRun
// (deploy/kind/k6/testrun.yaml). A script or lib file missing from either would be missing in the
// cluster only, as an import error at run time: this fails first.
const repoRoot = resolve(__dirname, '..', '..');
const tsFiles = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((name) => name.endsWith('.ts'))
    .sort();

interface Generator {
  name: string;
  files: string[];
}
const generators = (
  parse(readFileSync(join(repoRoot, 'k6', 'kustomization.yaml'), 'utf8')) as {
    configMapGenerator: Generator[];
  }
).configMapGenerator;
const filesOf = (name: string) =>
  generators
    .find((g) => g.name === name)
    ?.files.slice()
    .sort();

interface ProjectedSource {
  configMap: { name: string; items?: { key: string; path: string }[] };
}
const testRun = parseAllDocuments(
  readFileSync(join(repoRoot, 'deploy', 'kind', 'k6', 'testrun.yaml'), 'utf8'),
)
  .map(
    (doc) =>
      doc.toJS() as {
        kind: string;
        spec: { runner: { volumes: { projected: { sources: ProjectedSource[] } }[] } };
      },
  )
  .find((doc) => doc.kind === 'TestRun');
const sources = testRun?.spec.runner.volumes[0]?.projected.sources ?? [];

describe('the k6 scripts in the kind cluster', () => {
  it('k6/kustomization.yaml packs every scenario and every lib file', () => {
    expect(filesOf('k6-scenarios')).toEqual(tsFiles('k6'));
    expect(filesOf('k6-lib')).toEqual(tsFiles('k6/lib').map((name) => `lib/${name}`));
  });

  it('the TestRun mounts the scenarios at /k6 and every lib file back under lib/', () => {
    expect(sources.find((s) => s.configMap.name === 'k6-scenarios')?.configMap.items).toBeUndefined();
    const lib = sources.find((s) => s.configMap.name === 'k6-lib')?.configMap.items ?? [];
    expect(lib.map((item) => item.path).sort()).toEqual(tsFiles('k6/lib').map((name) => `lib/${name}`));
    expect(lib.every((item) => item.path === `lib/${item.key}`)).toBe(true);
  });
});
