import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot, ScratchDatabase, waitUntil } from '@shop/testing';

/**
 * The real user service as its own process (`node dist/apps/user/src/main.js`,
 * the image's command; dist/ is built by the integration globalSetup), on a
 * scratch database migrated by its own `migrate.js`. A process, not an import:
 * the gateway may not import another service's code (module boundaries).
 */
export class UserServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<number | null>,
    private readonly database: ScratchDatabase,
    readonly grpcUrl: string,
    readonly output: () => string,
  ) {}

  static async start(ports: { grpc: number; admin: number }): Promise<UserServiceProcess> {
    const database = await ScratchDatabase.create({ prefix: 'user_gw_it', owner: 'user' });
    const env = {
      PATH: process.env['PATH'] ?? '',
      SERVICE_NAME: 'user',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      BIND_HOST: '127.0.0.1',
      ADMIN_PORT: String(ports.admin),
      GRPC_PORT: String(ports.grpc),
      DATABASE_URL: database.url,
      DB_POOL_MAX: '4',
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0',
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      JWT_KEY_ID: 'gw-it-key',
      JWT_PRIVATE_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    };
    let child: ChildProcess | undefined;
    try {
      await run('dist/apps/user/src/migrate.js', env);
      child = spawn(process.execPath, [join(repoRoot(), 'dist/apps/user/src/main.js')], {
        cwd: repoRoot(),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const spawned = child;
      const exited = new Promise<number | null>((resolve) => spawned.once('exit', resolve));
      const service = new UserServiceProcess(
        child,
        exited,
        database,
        `127.0.0.1:${ports.grpc}`,
        () => output,
      );
      await service.waitReady(`http://127.0.0.1:${ports.admin}/readyz`);
      return service;
    } catch (error) {
      // Nothing is left behind when the start fails: afterAll has no handle to stop.
      child?.kill('SIGKILL');
      await database.drop();
      throw error;
    }
  }

  /** One query on the service's database, as its own role (the test's view of what it wrote). */
  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.database.query<Row>(sql, params);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
    await this.database.drop();
  }

  /** Ready, or fails at once when the process exits (its output says why). */
  private async waitReady(url: string): Promise<void> {
    const outcome = await waitUntil(
      async () => {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return 'exited';
        return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok && 'ready';
      },
      { timeoutMs: 30_000, description: 'the user service to become ready' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}:\n${this.output()}`);
    });
    if (outcome === 'exited') {
      throw new Error(
        `user service exited with ${this.child.exitCode ?? this.child.signalCode}:\n${this.output()}`,
      );
    }
  }
}

function run(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: repoRoot(),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${code}: ${stderr}`)),
    );
  });
}
