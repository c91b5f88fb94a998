import { queryService, repoRoot, type ServiceName } from '@shop/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { provider } from '../../support/shop';

// Faults injected into the running local system (make up), the way they happen
// in production: a process SIGKILLed (OOM, lost node), the broker gone, a slow
// payment provider. Through the same scripts a learner uses by hand
// (scripts/local/app.sh, scripts/infra/{stop,start}.sh), so the drills are
// reproducible outside the tests too.

const run = promisify(execFile);

/**
 * The checkout whose `make up` runs the system: its scripts find the apps' pid files and the
 * infrastructure's data in its own .local. This one, unless SHOP_CHECKOUT names another
 * (tests written in a second worktree, run against the system started from the first).
 */
export const systemRoot = process.env['SHOP_CHECKOUT'] ?? repoRoot(__dirname);

async function script(path: string, ...args: string[]): Promise<string> {
  try {
    return (await run('bash', [join(systemRoot, path), ...args], { cwd: systemRoot, timeout: 120_000 }))
      .stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${path} ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

export type AppName = ServiceName | 'gateway' | 'payment-provider';

/** SIGKILL: no drain, no goodbye to the Kafka group, in-flight work cut off. */
export const killApp = (app: AppName) => script('scripts/local/app.sh', 'kill', app);
/** Starts the app again and waits until its /readyz says ready. */
export const startApp = (app: AppName) => script('scripts/local/app.sh', 'start', app);
/** Starts the app unless it runs: the suites' clean-up after a failed drill. */
export const ensureAppRunning = (app: AppName) => script('scripts/local/app.sh', 'ensure', app);
/** SIGSTOP: the process lives (its sockets stay open) but does nothing: a hung participant. */
export const freezeApp = (app: AppName) => script('scripts/local/app.sh', 'freeze', app);
/** SIGCONT: the frozen process carries on, late. */
export const thawApp = (app: AppName) => script('scripts/local/app.sh', 'thaw', app);
export const stopKafka = () => script('scripts/infra/stop.sh', 'kafka');
export const startKafka = () => script('scripts/infra/start.sh', 'kafka');
/** The fault CLI a learner uses (docs/faults.md): `faultCli('set', 'provider.decline-rate', '1')`; its stdout. */
export const faultCli = (...args: string[]) => script('scripts/fault/fault.sh', ...args);

/** The provider simulator's fault knobs (apps/payment-provider/src/simulator/knobs.ts). */
export interface Knobs {
  latencyMs: number;
  failureRate: number;
  declineRate: number;
  timeoutRate: number;
  hangMs: number;
}

export async function providerKnobs(): Promise<Knobs> {
  return (await provider().get('/v1/_simulator/knobs').expect(200)).body as Knobs;
}

export async function setProviderKnobs(update: Partial<Knobs>): Promise<void> {
  await provider().put('/v1/_simulator/knobs').send(update).expect(200);
}

/** Events of an order still waiting in a service's outbox: the backlog an outage builds up. */
export async function unpublished(service: ServiceName): Promise<number> {
  const [row] = await queryService<{ n: number }>(
    service,
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return row?.n ?? 0;
}

/** Every app's admin port in local mode (deploy/local/<app>.env). */
export const ADMIN_PORTS: Record<AppName, number> = {
  gateway: 9100,
  user: 9101,
  order: 9102,
  inventory: 9103,
  payment: 9104,
  notification: 9105,
  'payment-provider': 9106,
};

/** Sum of a Prometheus counter on an app's admin port, over series whose labels include `labels`. */
export async function counter(app: AppName, name: string, labels: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${ADMIN_PORTS[app]}/metrics`);
  if (!res.ok) throw new Error(`${app} /metrics answered ${res.status}`);
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return (await res.text())
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
