import { randomBytes } from 'node:crypto';
import { GrpcContracts, userV1 } from '@shop/contracts';
import { applyMigrations, connectGrpcClient, type GrpcClient, type GrpcConnection } from '@shop/platform';
import { inProcess, type InProcessService } from '@shop/platform/testing';
import { ScratchDatabase, testLogger } from '@shop/testing';
import { userService } from '../user.service';
import { userMigrations } from '../persistence/migrations';
import type { UserConfig } from '../user.config';
import { testSigningKeyPem } from './test-keys';

// LOCAL DEMO DEFAULTS of scripts/infra (the same as deploy/local).
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';
export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';

/**
 * A scratch database owned by user_svc (so the grants are the real ones) with
 * every migration applied. Tests never touch user_db, which the running system uses.
 */
export async function createUserTestDatabase(): Promise<ScratchDatabase> {
  const db = await ScratchDatabase.create({ prefix: 'user_it', owner: 'user' });
  await applyMigrations({ url: db.url, migrations: userMigrations, logger: testLogger() });
  return db;
}

export interface UserUnderTest extends InProcessService<UserConfig> {
  /** A client as the gateway has one: Promise API, deadline on every call. */
  client(): GrpcClient<userV1.UserServiceClient>;
}

/** The real user service (UserAppModule via runService) in this process, against the real infrastructure. */
export async function startUserService(options: {
  db: ScratchDatabase;
  grpcPort: number;
  adminPort: number;
  env?: Record<string, string>;
}): Promise<UserUnderTest> {
  const service = await inProcess({
    ...userService,
    env: {
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
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
  const connections: GrpcConnection<userV1.UserServiceClient>[] = [];
  return {
    ...service,
    client: () => {
      const connection = connectGrpcClient<userV1.UserServiceClient>(
        service.grpcUrl,
        GrpcContracts.user,
        5_000,
      );
      connections.push(connection);
      return connection.client;
    },
    stop: async () => {
      for (const connection of connections) connection.close();
      await service.stop();
    },
  };
}

/** A unique, valid registration. */
export function newRegistration(label = 'it') {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return { email: `${label}-${id}@example.com`, password: 'correct horse battery', name: `IT ${id}` };
}
