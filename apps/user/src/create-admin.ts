// Operator command: creates the admin user, or promotes an existing user to
// admin. Idempotent, so `make up` (scripts/local/seed.sh) runs it every time:
//
//   DATABASE_URL=... ADMIN_EMAIL=... ADMIN_PASSWORD=... node dist/apps/user/src/create-admin.js
//
// Optional: ADMIN_NAME (default "Administrator"); REDIS_URL to drop the user's
// cached profile after a promotion (else it shows the old role until its TTL).
import {
  ConfigError,
  createLogger,
  dataSourceOptions,
  databaseConfigSchema,
  loadConfig,
  redisOptions,
} from '@shop/platform';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ensureAdmin } from './admin/ensure-admin';
import { ProfileCache } from './profile/profile-cache';
import { ScryptPasswordHasher } from './security/scrypt-password-hasher';

const configSchema = databaseConfigSchema
  .pick({ DATABASE_URL: true, DB_CONNECT_TIMEOUT_MS: true, DB_STATEMENT_TIMEOUT_MS: true })
  .extend({
    ADMIN_EMAIL: z.string().min(1),
    ADMIN_PASSWORD: z.string().min(1),
    ADMIN_NAME: z.string().min(1).default('Administrator'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  });

async function main(): Promise<number> {
  let config: z.infer<typeof configSchema>;
  try {
    config = loadConfig(configSchema);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 1;
  }
  const logger = createLogger({ service: 'user-create-admin', version: 'cli', level: config.LOG_LEVEL });
  const dataSource = new DataSource(
    dataSourceOptions({
      config: { ...config, DB_POOL_MAX: 1 },
      applicationName: 'user-create-admin',
      entities: [],
    }),
  );
  await dataSource.initialize();
  try {
    const result = await ensureAdmin(dataSource, new ScryptPasswordHasher(), {
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
      name: config.ADMIN_NAME,
    });
    if (!result.ok) {
      logger.error(
        { code: result.error.code, fields: result.error.fields },
        'admin not created: invalid input',
      );
      return 1;
    }
    const { userId, outcome } = result.value;
    if (outcome === 'promoted' && config.REDIS_URL) await dropCachedProfile(config.REDIS_URL, userId, logger);
    logger.info({ user_id: userId, outcome }, `admin ${outcome}`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function dropCachedProfile(url: string, userId: string, logger: ReturnType<typeof createLogger>) {
  const redis = new Redis(url, {
    ...redisOptions({ REDIS_URL: url, REDIS_COMMAND_TIMEOUT_MS: 1_000 }, 'user-create-admin'),
    enableOfflineQueue: true,
  });
  try {
    await new ProfileCache(redis, { PROFILE_CACHE_TTL_SECONDS: 1 }, logger).invalidate(userId);
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`create-admin failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
