import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImagesAndCommands, checkMigrations } from './deploy-checks';
import { pinnedImageTag, repoRoot } from './deploy-model';
import { loose, mutate, useFixtures } from './fixtures';

// One image per app, shop/<app>:<SHOP_IMAGE_TAG>, the same in compose, kustomize and
// kind-up.sh, started with the same `node dist/apps/<app>/src/main.js` as local mode;
// a migration Job / one-shot service exactly for the apps that own a database.
const f = useFixtures();

describe('images, start commands and migrations', () => {
  const tag = () => pinnedImageTag();

  it('the pinned tag is the one kustomize sets', () => {
    const kustomization = readFileSync(join(repoRoot, 'deploy/k8s/apps/kustomization.yaml'), 'utf8');
    const tags = [...kustomization.matchAll(/newTag: (\S+)/g)].map((m) => m[1]);
    expect(tags.length).toBe(f.apps.length);
    expect(new Set(tags)).toEqual(new Set([tag()]));
  });

  it('images and commands agree across Kubernetes, compose and kind-up.sh', () => {
    expect(checkImagesAndCommands(f.apps, f.kind, f.compose, tag(), f.kindUp)).toEqual([]);
  });

  it('migrations exist exactly for the database apps', () => {
    expect(checkMigrations(f.apps, f.kind, f.compose)).toEqual([]);
    expect(
      f.apps
        .filter((app) => app.hasMigrations)
        .map((app) => app.name)
        .sort(),
    ).toEqual(['inventory', 'notification', 'order', 'payment', 'user']);
  });

  describe('fails on a broken copy', () => {
    it('compose and Kubernetes on different tags, a wrong entry point', () => {
      const broken = structuredClone(f.compose);
      loose(broken.services['order']).image = 'shop/order:latest';
      const brokenKind = mutate(
        f.kind,
        (o) => o.kind === 'Job' && o.metadata.name === 'user-migrate',
        (job) => {
          loose(job).spec.template.spec.containers[0].command = ['node', 'dist/apps/user/src/main.js'];
        },
      );
      expect(checkImagesAndCommands(f.apps, brokenKind, broken, tag(), f.kindUp).sort()).toEqual([
        'compose: order uses image shop/order:latest, want shop/order:0.1.0',
        'kubernetes: Job user-migrate runs ["node","dist/apps/user/src/main.js"], want ["node","dist/apps/user/src/migrate.js"]',
      ]);
    });

    it('a missing migration Job, and an app not waiting for its migration', () => {
      const brokenKind = f.kind.filter((o) => !(o.kind === 'Job' && o.metadata.name === 'payment-migrate'));
      const broken = structuredClone(f.compose);
      loose(broken.services['inventory']).depends_on = { kafka: { condition: 'service_healthy' } };
      const problems = checkMigrations(f.apps, brokenKind, broken);
      expect(problems).toContain('kubernetes: Job payment-migrate missing');
      expect(problems).toContain(
        'compose: inventory does not wait for inventory-migrate (depends_on: service_completed_successfully)',
      );
    });
  });
});
