import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { APP_CONFIG, LOGGER } from '../bootstrap/tokens';
import { redisConfigSchema } from '../config/dependency-config';
import { HealthRegistry } from '../health/health-registry';
import { withTimeout } from '../health/with-timeout';
import { redisOptions } from './redis-options';

/** Injection token of the service's one ioredis client. */
export const REDIS = Symbol('REDIS');

/**
 * One long-lived Redis client per service, injectable with
 * `@Inject(REDIS)`. Reads REDIS_URL and REDIS_COMMAND_TIMEOUT_MS from APP_CONFIG,
 * connects with bounded retries at start-up, registers the `redis`
 * readiness check (`PING`) and quits on shutdown.
 */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [APP_CONFIG, LOGGER, HealthRegistry],
          useFactory: async (config: Record<string, unknown>, logger: Logger, health: HealthRegistry) => {
            const redis = await connect(config, logger.child({ component: 'redis' }));
            health.register('redis', async () => void (await redis.ping()), { timeoutMs: 1_000 });
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  /** Quits the client after consumers and servers stopped. */
  async onApplicationShutdown(): Promise<void> {
    // quit() waits for replies of pending commands; disconnect() if the server is gone.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Start-up bound: ioredis keeps reconnecting with backoff; after this the service exits. */
const STARTUP_TIMEOUT_MS = 10_000;

async function connect(config: Record<string, unknown>, logger: Logger): Promise<Redis> {
  const redisConfig = redisConfigSchema.parse(config);
  const redis = new Redis(
    redisConfig.REDIS_URL,
    redisOptions(redisConfig, String(config['SERVICE_NAME'] ?? 'shop')),
  );
  // Without an 'error' listener ioredis prints every reconnect failure; log transitions once instead.
  let healthy = false;
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
    if (healthy) logger.warn({ err: error }, 'redis connection lost; reconnecting');
    healthy = false;
  });
  redis.on('ready', () => {
    if (!healthy) logger.info('redis connected');
    healthy = true;
  });
  // A failed first connect is retried by retryStrategy; wait for 'ready', bounded.
  let onReady: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => redis.once('ready', (onReady = resolve)));
  redis.connect().catch(() => undefined);
  try {
    await withTimeout(ready, STARTUP_TIMEOUT_MS, 'redis connection');
  } catch (error) {
    if (onReady) redis.off('ready', onReady);
    redis.disconnect();
    throw new Error(`redis not reachable at start-up: ${lastError?.message ?? (error as Error).message}`, {
      cause: error,
    });
  }
  return redis;
}
