import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConnectionBudget } from './deploy-checks';
import { loadRendered, repoRoot } from './deploy-model';
import { loose, mutate, named, useFixtures } from './fixtures';

const f = useFixtures();

describe('infrastructure manifests', () => {
  it("the cluster's Postgres runs the same init scripts as local processes and compose (infra/postgres)", () => {
    const initdb = loadRendered('deploy/k8s/infra').find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('postgres-initdb'),
    );
    const files = ['create-service-db.sql', 'init-service-dbs.sh'];
    expect(loose(initdb).data).toEqual(
      Object.fromEntries(
        files.map((file) => [file, readFileSync(join(repoRoot, 'infra', 'postgres', file), 'utf8')]),
      ),
    );
  });

  it('Postgres creates exactly the databases of the apps that have migrations', () => {
    const postgres = loadRendered('deploy/k8s/infra').find(
      (o) => o.kind === 'StatefulSet' && o.metadata.name === 'postgres',
    );
    const env = loose(postgres).spec.template.spec.containers[0].env as { name: string; value?: string }[];
    const services = env
      .find((e) => e.name === 'PG_SERVICES')
      ?.value?.split(' ')
      .sort();
    expect(services).toEqual(
      f.apps
        .filter((app) => app.hasMigrations)
        .map((app) => app.name)
        .sort(),
    );
  });

  it('P07: every pool at its maximum on every replica the HPA allows fits max_connections', () => {
    expect(checkConnectionBudget(f.apps, f.kind)).toEqual([]);
  });

  it('P07 fails when an HPA may scale past what Postgres accepts', () => {
    const broken = mutate(f.kind, named('HorizontalPodAutoscaler', 'order'), (hpa) => {
      loose(hpa).spec.maxReplicas = 40;
    });
    expect(checkConnectionBudget(f.apps, broken)[0]).toMatch(/^P07: .* exceed Postgres max_connections=150$/);
  });
});
