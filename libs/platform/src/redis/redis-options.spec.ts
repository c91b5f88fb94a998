import { redisOptions } from './redis-options';

describe('redisOptions (P02: fail fast instead of queueing)', () => {
  const options = redisOptions(
    { REDIS_URL: 'redis://127.0.0.1:6379/0', REDIS_COMMAND_TIMEOUT_MS: 800 },
    'order',
  );

  it('times out commands and rejects them while disconnected', () => {
    expect(options).toMatchObject({
      commandTimeout: 800,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: 'order',
    });
  });

  it('reconnects with capped backoff', () => {
    const delays = [1, 2, 5, 50].map((attempt) => (options.retryStrategy as (n: number) => number)(attempt));
    expect(delays.every((delay) => delay > 0 && delay <= 2_000)).toBe(true);
    // capped: however long Redis is gone, a reconnect is tried every 1-2 s (equal jitter)
    expect(delays[3]).toBeGreaterThanOrEqual(1_000);
  });
});
