import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { LATENCY_TOXIC, ToxiproxyClient } from './toxiproxy-client';

// The fault proxy is real: Toxiproxy as `make up` runs it (scripts/fault/toxiproxy.sh, its
// own instance on this suite's ports), a link to the shared PostgreSQL, and the knobs'
// client (toxiproxy-client.ts) cutting and restoring it. Failure against success, never
// timings. Ports 22900-22901 (the fault knobs' range).
const root = join(__dirname, '..', '..');
const env = { ...process.env, TOXIPROXY_PORT: '22900', TOXIPROXY_INSTANCE: 'toxiproxy-it' };
const toxiproxy = new ToxiproxyClient('http://127.0.0.1:22900');
const LINK = 'postgres-it';
const postgresUrl = (port: number) => `postgres://user_svc:user_svc@127.0.0.1:${port}/user_db`;

const script = (command: string) =>
  promisify(execFile)('bash', [join(root, 'scripts/fault/toxiproxy.sh'), command], { env, timeout: 120_000 });

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: postgresUrl(22901), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined); // a cut link errors the idle client; the test asserts on its queries
  await client.connect();
  return client;
}

async function selectOne(): Promise<number> {
  const client = await connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one ?? 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('the fault proxy (Toxiproxy) between a client and PostgreSQL', () => {
  beforeAll(async () => {
    await script('serve');
    if ((await toxiproxy.links())[LINK]) await toxiproxy.deleteLink(LINK);
    await toxiproxy.createLink(LINK, '127.0.0.1:22901', '127.0.0.1:5432');
  }, 180_000);

  afterAll(async () => {
    await script('stop');
  });

  it('carries a connection to the real PostgreSQL', async () => {
    expect(await selectOne()).toBe(1);
  });

  it('an outage cuts the open connection and refuses new ones; restored, connections work again', async () => {
    const open = await connect();
    try {
      await toxiproxy.setEnabled(LINK, false);
      await expect(open.query('SELECT 1')).rejects.toThrow();
      await expect(connect()).rejects.toThrow(/ECONNREFUSED/);
      expect((await toxiproxy.links())[LINK]?.enabled).toBe(false);
    } finally {
      await toxiproxy.setEnabled(LINK, true);
      await open.end().catch(() => undefined);
    }
    expect(await selectOne()).toBe(1);
  });

  it('latency is a toxic on the link, set, changed and removed; queries still answer', async () => {
    await toxiproxy.setLatency(LINK, 50);
    await toxiproxy.setLatency(LINK, 80);
    const toxics = (await toxiproxy.links())[LINK]?.toxics;
    expect(toxics).toEqual([
      expect.objectContaining({
        name: LATENCY_TOXIC,
        type: 'latency',
        stream: 'downstream',
        attributes: expect.objectContaining({ latency: 80 }),
      }),
    ]);
    expect(await selectOne()).toBe(1);
    await toxiproxy.setLatency(LINK, 0);
    expect((await toxiproxy.links())[LINK]?.toxics).toEqual([]);
  });

  it('a knob on a link that does not exist says how to recreate the links', async () => {
    await expect(toxiproxy.setLatency('no-such-link', 10)).rejects.toMatchObject({
      fix: expect.stringContaining('toxiproxy.sh start'),
    });
  });
});
