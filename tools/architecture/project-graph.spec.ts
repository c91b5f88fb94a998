import { createProjectGraphAsync, type ProjectGraph } from '@nx/devkit';

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
});
