import { waitUntil } from '@shop/testing';
import { ADMIN_PORTS, type AppName } from '../faults/support/system';
import { docker, dockerOk, localEnvOf } from './docker';

// Every app image, run the way docker-compose.yml and Kubernetes run it: read-only
// root with a tmpfs /tmp, uid 1000, no capabilities, no privilege escalation. Built
// by scripts/containers/build-images.sh before this runs (make test does).
//   - the image says who it runs as, by number (Kubernetes' runAsNonRoot checks it);
//   - without its environment it fails at once, naming every missing variable;
//   - with the environment `make up` gives it (host network: the local PostgreSQL,
//     Redis, Kafka), its migration runs and the app becomes ready; as PID 1 it
//     drains and exits 0 on SIGTERM, within the grace period.

const APPS = Object.keys(ADMIN_PORTS) as AppName[];
const TAG = '0.1.0';
const image = (app: AppName) => `shop/${app}:${TAG}`;
const container = (app: AppName) => `shop-image-smoke-${app}`;
const WITH_DATABASE: readonly AppName[] = ['user', 'order', 'inventory', 'payment', 'notification'];
/** As compose's x-app: what a user's `docker compose up` applies to every app container. */
const HARDENED = [
  '--read-only',
  '--tmpfs',
  '/tmp:size=64m',
  '--user',
  '1000:1000',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges:true',
];

/**
 * `docker run <runArgs>` of an app's image hardened as compose runs it, with the
 * environment `make up` gives the app, on the host network (the local PostgreSQL,
 * Redis, Kafka). Values pass through the client's environment (`-e NAME`), never
 * on a command line.
 */
async function runWithLocalEnv(app: AppName, runArgs: string[], script: 'main' | 'migrate') {
  const vars = await localEnvOf(app);
  return docker(
    [
      'run',
      ...runArgs,
      '--network',
      'host',
      ...HARDENED,
      ...Object.keys(vars).flatMap((name) => ['-e', name]),
      image(app),
      'node',
      `dist/apps/${app}/src/${script}.js`,
    ],
    { env: { ...process.env, ...vars }, timeoutMs: 120_000 },
  );
}

const removeAll = () => docker(['rm', '-f', ...APPS.map(container)]);

describe('app images, run as users run them', () => {
  beforeAll(removeAll);
  afterAll(removeAll);

  it.each(APPS)(
    '%s: runs as uid 1000 by number, with the exec-form command of compose and Kubernetes',
    async (app) => {
      const config = JSON.parse(
        await dockerOk(['image', 'inspect', '--format', '{{json .Config}}', image(app)]),
      ) as {
        User: string;
        Env: string[];
        Labels: Record<string, string>;
      };
      expect(config.User).toBe('1000:1000');
      expect(config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', `SHOP_APP=${app}`]));
      expect(config.Labels['org.opencontainers.image.title']).toBe(`shop-${app}`);
    },
  );

  it.each(APPS)('%s: without its environment, exits 1 naming every missing variable', async (app) => {
    const outcome = await docker(['run', '--rm', ...HARDENED, image(app)]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toContain(`${app}: Invalid configuration:`);
    expect(outcome.stderr).toContain('  - ADMIN_PORT: is required but not set');
    if (WITH_DATABASE.includes(app))
      expect(outcome.stderr).toContain('  - DATABASE_URL: is required but not set');
  });

  describe('with the environment of local mode (host network)', () => {
    it.each(WITH_DATABASE)('%s: the migration runs from the image and exits 0', async (app) => {
      const outcome = await runWithLocalEnv(app, ['--rm'], 'migrate');
      expect(outcome).toMatchObject({ exitCode: 0 });
    });

    it('every app becomes ready; the root filesystem is read-only, /tmp writable, the process uid 1000', async () => {
      for (const app of APPS) {
        const started = await runWithLocalEnv(app, ['-d', '--name', container(app)], 'main');
        expect(started).toMatchObject({ exitCode: 0 });
      }
      for (const app of APPS) {
        await waitUntil(
          async () => (await fetch(`http://127.0.0.1:${ADMIN_PORTS[app]}/readyz`).catch(() => undefined))?.ok,
          { timeoutMs: 90_000, description: `${app} ready in its container` },
        ).catch(async (error: Error) => {
          const logs = await docker(['logs', '--tail', '30', container(app)]);
          throw new Error(`${error.message}\n${logs.stdout}${logs.stderr}`);
        });
      }
      for (const app of APPS) {
        expect(await dockerOk(['exec', container(app), 'id', '-u'])).toBe('1000');
        const write = await docker(['exec', container(app), 'touch', `/app/dist/apps/${app}/x`]);
        expect(write.stderr).toContain('Read-only file system');
        expect((await docker(['exec', container(app), 'touch', '/tmp/x'])).exitCode).toBe(0);
      }
    });

    it('SIGTERM (docker stop): every app drains and exits 0 within the grace period', async () => {
      for (const app of APPS) {
        await dockerOk(['stop', '--time', '20', container(app)]);
        const state = JSON.parse(
          await dockerOk(['inspect', '--format', '{{json .State}}', container(app)]),
        ) as {
          ExitCode: number;
          OOMKilled: boolean;
        };
        expect({ app, exitCode: state.ExitCode }).toEqual({ app, exitCode: 0 });
      }
    });
  });
});
