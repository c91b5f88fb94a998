import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { ClientGrpcProxy } from '@nestjs/microservices';
import { GrpcContracts, userV1 } from '@shop/contracts';
import {
  applyMigrations,
  grpcClientOptions,
  runService,
  wrapGrpcService,
  type GrpcClient,
  type ServiceHandle,
} from '@shop/platform';
import { Client } from 'pg';
import pino from 'pino';
import { userMigrations } from '../persistence/migrations';
import { UserAppModule } from '../user-app.module';
import { userConfigSchema, type UserConfig } from '../user.config';
import { testSigningKeyPem } from './test-keys';

// LOCAL DEMO DEFAULTS of scripts/infra (the same as deploy/local).
const PG = process.env['PGHOST'] ?? '127.0.0.1';
const SUPERUSER_URL = `postgres://postgres:postgres@${PG}:5432/postgres`;
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';
export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

export const quietLogger = () => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/**
 * A scratch database owned by user_svc (so the grants are the real ones) with
 * every migration applied. Tests never touch user_db, which the running system uses.
 */
export class ScratchUserDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(): Promise<ScratchUserDatabase> {
    const name = `user_it_${randomBytes(5).toString('hex')}`;
    await superuser((client) =>
      client.query(`CREATE DATABASE ${name} OWNER user_svc ENCODING 'UTF8' TEMPLATE template0`),
    );
    const db = new ScratchUserDatabase(name, `postgres://user_svc:user_svc@${PG}:5432/${name}`);
    await applyMigrations({ url: db.url, migrations: userMigrations, logger: quietLogger() });
    return db;
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await superuser((client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
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

export interface UserTestService {
  readonly handle: ServiceHandle<UserConfig>;
  readonly grpcUrl: string;
  readonly logs: Array<Record<string, unknown>>;
  /** A client as the gateway has one: Promise API, deadline on every call. */
  client(): GrpcClient<userV1.UserServiceClient>;
  stop(): Promise<void>;
}

/** The real user service (UserAppModule via runService) in this process, against the real infrastructure. */
export async function startUserService(options: {
  db: ScratchUserDatabase;
  grpcPort: number;
  adminPort: number;
  env?: Record<string, string>;
}): Promise<UserTestService> {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim())) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: line });
        }
      }
      done();
    },
  });
  const handle = await runService({
    name: 'user',
    configSchema: userConfigSchema,
    module: UserAppModule,
    grpc: { packages: [GrpcContracts.user.package], protoPaths: [GrpcContracts.user.protoPath] },
    manageProcess: false,
    logDestination: destination,
    env: {
      SERVICE_NAME: 'user',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
      ADMIN_HOST: '127.0.0.1',
      ADMIN_PORT: String(options.adminPort),
      GRPC_PORT: String(options.grpcPort),
      DATABASE_URL: options.db.url,
      DB_POOL_MAX: '4',
      REDIS_URL,
      KAFKA_BROKERS,
      JWT_PRIVATE_KEY: testSigningKeyPem(),
      JWT_KEY_ID: 'it-key-1',
      ...options.env,
    },
  });
  const grpcUrl = `127.0.0.1:${options.grpcPort}`;
  const proxies: ClientGrpcProxy[] = [];
  return {
    handle,
    grpcUrl,
    logs,
    client: () => {
      const proxy = new ClientGrpcProxy(
        grpcClientOptions({
          url: grpcUrl,
          package: GrpcContracts.user.package,
          protoPath: GrpcContracts.user.protoPath,
        }).options,
      );
      proxies.push(proxy);
      return wrapGrpcService(proxy.getService<userV1.UserServiceClient>(GrpcContracts.user.service), {
        target: 'shop.user.v1.UserService',
        defaultDeadlineMs: 5_000,
      });
    },
    stop: async () => {
      for (const proxy of proxies) proxy.close();
      await handle.shutdown('test finished');
    },
  };
}

/** A unique, valid registration. */
export function newRegistration(label = 'it') {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return { email: `${label}-${id}@example.com`, password: 'correct horse battery', name: `IT ${id}` };
}
