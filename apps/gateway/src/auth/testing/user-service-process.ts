import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

// LOCAL DEMO DEFAULTS of scripts/infra (the same as deploy/local).
const PG = process.env['PGHOST'] ?? '127.0.0.1';
const SUPERUSER_URL = `postgres://postgres:postgres@${PG}:5432/postgres`;
const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/**
 * The real user service as its own process (`node dist/apps/user/src/main.js`,
 * the image's command; dist/ is built by the integration globalSetup), on a
 * scratch database migrated by its own `migrate.js`. A process, not an import:
 * the gateway may not import another service's code (module boundaries).
 */
export class UserServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly database: string,
    readonly databaseUrl: string,
    readonly grpcUrl: string,
    readonly output: () => string,
  ) {}

  static async start(ports: { grpc: number; admin: number }): Promise<UserServiceProcess> {
    const database = `user_gw_it_${randomBytes(5).toString('hex')}`;
    await superuser((client) =>
      client.query(`CREATE DATABASE ${database} OWNER user_svc TEMPLATE template0`),
    );
    const databaseUrl = `postgres://user_svc:user_svc@${PG}:5432/${database}`;
    const env = {
      PATH: process.env['PATH'] ?? '',
      SERVICE_NAME: 'user',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ADMIN_HOST: '127.0.0.1',
      ADMIN_PORT: String(ports.admin),
      GRPC_PORT: String(ports.grpc),
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: '4',
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      JWT_KEY_ID: 'gw-it-key',
      JWT_PRIVATE_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    };
    await run(['dist/apps/user/src/migrate.js'], env);
    let output = '';
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/apps/user/src/main.js')], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const service = new UserServiceProcess(
      child,
      database,
      databaseUrl,
      `127.0.0.1:${ports.grpc}`,
      () => output,
    );
    await service.waitReady(`http://127.0.0.1:${ports.admin}/readyz`);
    return service;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await superuser((client) => client.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`));
  }

  private async waitReady(url: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`user service exited:\n${this.output()}`);
      const ready = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`user service not ready within 30 s:\n${this.output()}`);
  }
}

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}: ${stderr}`)),
    );
  });
}

async function superuser(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: SUPERUSER_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
