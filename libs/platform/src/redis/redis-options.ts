import type { RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/dependency-config';
import { backoffDelayMs } from '../resilience/backoff';

/**
 * ioredis settings that fail fast instead of queueing: a command times out
 * after REDIS_COMMAND_TIMEOUT_MS; while disconnected, commands are rejected at
 * once rather than buffered (`enableOfflineQueue: false`) and never retried more
 * than once. Reconnection continues in the background with capped, jittered
 * backoff.
 */
export function redisOptions(config: RedisConfig, connectionName: string): RedisOptions {
  return {
    connectionName,
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: Math.max(config.REDIS_COMMAND_TIMEOUT_MS, 2_000),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    lazyConnect: true,
    // Equal jitter: every replica reconnecting to a restarted Redis spreads out, none at once.
    retryStrategy: (attempt) => backoffDelayMs(attempt, { baseMs: 100, maxMs: 2_000, jitter: 'equal' }),
  };
}
