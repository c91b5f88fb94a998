import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// Every service has the same skeleton and names each file's role the same way, so a
// reader who knows one service can find their way in all of them. A new drift (a
// service without its config schema, a `-store.ts` beside the `.store.ts` files, a
// controller that does not say its transport) fails here.
const root = join(__dirname, '..', '..');
// The e2e suite and the browser storefront are apps of the workspace, not services.
const services = readdirSync(join(root, 'apps')).filter((app) => app !== 'e2e' && app !== 'storefront');

/** Role suffixes a file name ends with, after a dot: `orders.http-controller.ts`, `charge.store.ts`. */
const ROLES = [
  'config',
  'error',
  'grpc-controller',
  'handler',
  'http-controller',
  'job',
  'mapper',
  'module',
  'participant',
  'port',
  'record',
  'repository',
  'schemas',
  'store',
  'template',
  'view',
  'worker',
];

const appFiles = execFileSync('git', ['ls-files', 'apps/*.ts'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !file.startsWith('apps/e2e/'))
  .filter((file) => existsSync(join(root, file)));
const productionFiles = appFiles.filter((file) => !/\.(spec|int-spec)\.ts$|\/testing\//.test(file));

const pascal = (app: string) =>
  app.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());

/**
 * One module signature for every service: a static `@Module` class, `<Pascal>AppModule`,
 * with no `register`/`forRoot` taking parameters. What needs the config reads APP_CONFIG
 * in a factory provider, so main.ts and the tests boot every service the same way.
 */
const hasOneSignature = (app: string, source: string) =>
  new RegExp(`export class ${pascal(app)}AppModule \\{\\}`).test(source) && !/\bstatic\b/.test(source);

/**
 * Topic isolation is one mechanism, KAFKA_TOPIC_PREFIX in @shop/messaging: no service
 * declares its own table of topic names again, tests included.
 */
const ownTopicWiring = /\b(?:interface|type|class)\s+\w*(?:Topology|TopicNames|Wiring)\b/;

/**
 * A test starts a service one way: through @shop/platform/testing (inProcess or
 * spawned), from the one file of its app's testing/ folder named for that job,
 * `<app>.under-test.ts`. A second harness beside it fails here.
 */
const startsAService = /runService\(|inProcess\(|spawned\(|dist\/apps\//;
const isUnderTestFile = (file: string) => {
  const [, app] = /^apps\/([^/]+)\//.exec(file) ?? [];
  return file === `apps/${app}/src/testing/${app}.under-test.ts`;
};
const testingFiles = appFiles.filter((file) => /^apps\/[^/]+\/src\/(?:.+\/)?testing\//.test(file));

describe('the service skeleton', () => {
  it.each(services)('%s has main.ts, <app>.service.ts, <app>-app.module.ts and <app>.config.ts', (app) => {
    for (const file of ['main.ts', `${app}.service.ts`, `${app}-app.module.ts`, `${app}.config.ts`]) {
      expect(existsSync(join(root, 'apps', app, 'src', file))).toBe(true);
    }
  });

  it.each(services)('%s: a service with a database migrates it with migrate.ts', (app) => {
    const hasMigrations = existsSync(join(root, 'apps', app, 'src', 'persistence', 'migrations', 'index.ts'));
    expect(existsSync(join(root, 'apps', app, 'src', 'migrate.ts'))).toBe(hasMigrations);
  });

  it('names a role after a dot, never after a dash (charge.store.ts, not charge-store.ts)', () => {
    const dashed = productionFiles.filter((file) => {
      const stem = basename(file, '.ts');
      return !stem.includes('.') && ROLES.some((role) => stem.endsWith(`-${role}`));
    });
    expect(dashed).toEqual([]);
  });

  it('says the transport of every controller (.http-controller.ts or .grpc-controller.ts)', () => {
    const vague = productionFiles.filter((file) => /\.controller\.ts$/.test(file));
    expect(vague).toEqual([]);
  });

  it.each(services)('%s-app.module.ts exports a static @Module class (no static register/forRoot)', (app) => {
    const source = readFileSync(join(root, 'apps', app, 'src', `${app}-app.module.ts`), 'utf8');
    expect(hasOneSignature(app, source)).toBe(true);
  });

  it('declares no topic table of its own (*Topology, *TopicNames, *Wiring): KAFKA_TOPIC_PREFIX isolates', () => {
    const tables = appFiles.filter((file) => ownTopicWiring.test(readFileSync(join(root, file), 'utf8')));
    expect(tables).toEqual([]);
  });

  it("starts a service in tests only from the app's testing/<app>.under-test.ts", () => {
    const harnesses = testingFiles.filter(
      (file) => !isUnderTestFile(file) && startsAService.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(harnesses).toEqual([]);
  });

  it('can fail: the rules reject the drift they describe', () => {
    const stem = 'charge-store';
    expect(!stem.includes('.') && ROLES.some((role) => stem.endsWith(`-${role}`))).toBe(true);
    expect(/\.controller\.ts$/.test('charges.controller.ts')).toBe(true);
    expect(pascal('payment-provider')).toBe('PaymentProvider');
    expect(
      hasOneSignature('order', 'export class OrderAppModule {\n  static register(): DynamicModule {'),
    ).toBe(false);
    expect(hasOneSignature('order', '@Module({})\nexport class OrderAppModule {}')).toBe(true);
    expect(ownTopicWiring.test('export interface SagaTopology {')).toBe(true);
    expect(ownTopicWiring.test('export type PaymentTopicNames = {')).toBe(true);
    expect(startsAService.test("spawn(process.execPath, ['dist/apps/order/src/main.js'])")).toBe(true);
    expect(startsAService.test('const service = await runService({')).toBe(true);
    expect(isUnderTestFile('apps/order/src/testing/spawn-order.ts')).toBe(false);
    expect(isUnderTestFile('apps/order/src/testing/payment.under-test.ts')).toBe(false);
    expect(isUnderTestFile('apps/order/src/testing/order.under-test.ts')).toBe(true);
  });
});
