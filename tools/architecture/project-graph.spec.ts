import { createProjectGraphAsync, type ProjectGraph } from '@nx/devkit';
import { ESLint } from 'eslint';
import { join } from 'node:path';

interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags: string[];
}

/** The module-boundary constraints eslint applies to a production file. */
async function dependencyConstraints(): Promise<DepConstraint[]> {
  const root = join(__dirname, '..', '..');
  const config = await new ESLint({ cwd: root }).calculateConfigForFile(join(root, 'apps/order/src/main.ts'));
  const [, options] = config.rules['@nx/enforce-module-boundaries'] as [
    unknown,
    { depConstraints: DepConstraint[] },
  ];
  return options.depConstraints;
}

// What `npx nx graph` draws: every app and library, tagged, with the
// dependencies the architecture intends (and none it forbids).
describe('project graph', () => {
  let graph: ProjectGraph;
  beforeAll(async () => {
    graph = await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  const dependenciesOf = (project: string) => (graph.dependencies[project] ?? []).map((d) => d.target).sort();

  it('has every app and library, each with a type and a scope tag', () => {
    const apps = [
      'gateway',
      'user',
      'order',
      'inventory',
      'payment',
      'notification',
      'payment-provider',
      'e2e',
    ];
    const libs = ['platform', 'messaging', 'contracts', 'testing', 'user-domain', 'shared-kernel'];
    expect(Object.keys(graph.nodes)).toEqual(expect.arrayContaining([...apps, ...libs]));
    for (const name of [...apps, ...libs]) {
      const tags = graph.nodes[name]?.data.tags ?? [];
      expect(tags.some((t) => t.startsWith('type:')) && tags.some((t) => t.startsWith('scope:'))).toBe(true);
    }
  });

  it('wires the request and event paths through shared libraries only', () => {
    expect(dependenciesOf('gateway')).toEqual(expect.arrayContaining(['contracts', 'platform']));
    expect(dependenciesOf('user')).toEqual(
      expect.arrayContaining(['contracts', 'messaging', 'platform', 'user-domain']),
    );
    expect(dependenciesOf('notification')).toEqual(
      expect.arrayContaining(['contracts', 'messaging', 'platform']),
    );
    expect(dependenciesOf('user-domain')).toEqual(['shared-kernel']);
  });

  it('has no app depending on another app', () => {
    const apps = Object.values(graph.nodes)
      .filter((n) => n.type === 'app')
      .map((n) => n.name);
    for (const app of apps) expect(dependenciesOf(app).filter((d) => apps.includes(d))).toEqual([]);
  });

  // The layer rule claims only what is real: a constraint for a tag no project carries
  // would be a layer that exists on paper (docs/architecture.md, "Layers").
  it('has no boundary rule for a tag that no project carries', async () => {
    const tags = new Set(Object.values(graph.nodes).flatMap((node) => node.data.tags ?? []));
    const constraints = await dependencyConstraints();
    expect(constraints.length).toBeGreaterThan(0);
    const unused = constraints.map((c) => c.sourceTag).filter((tag) => !tags.has(tag));
    expect(unused).toEqual([]);
    const allowedButMissing = constraints
      .flatMap((c) => c.onlyDependOnLibsWithTags)
      .filter((tag) => !tags.has(tag));
    expect([...new Set(allowedButMissing)]).toEqual([]);
  });

  it('keeps domain libraries pure and services apart, the two layers the code keeps', async () => {
    const byTag = new Map(
      (await dependencyConstraints()).map((c) => [c.sourceTag, c.onlyDependOnLibsWithTags]),
    );
    expect(byTag.get('type:domain')).toEqual(['type:domain']);
    expect(byTag.get('type:app')).not.toContain('type:app');
  });
});
