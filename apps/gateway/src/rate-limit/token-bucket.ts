import type { Redis } from 'ioredis';
import type { RateLimitDecision } from './rate-limit-headers';
import type { RateLimitPolicy } from './rate-limit-policies';
import { RedisScript } from './redis-script';
import { TOKEN_BUCKET_LUA } from './token-bucket.lua';

const SCRIPT = new RedisScript(TOKEN_BUCKET_LUA);

/**
 * Token buckets in Redis, shared by every gateway replica: one script call per
 * decision, atomic (token-bucket.lua.ts). Errors (Redis down, timeout) are
 * thrown: what to do then is the caller's policy (RateLimiter fails open).
 */
export class RedisTokenBucket {
  constructor(
    private readonly redis: Redis,
    private readonly script: RedisScript = SCRIPT,
  ) {}

  /** Takes one token from the bucket at `key` if there is one. */
  take(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    return this.run(key, policy, 1);
  }

  /** Gives one token back (never above the burst): a request that should not have counted. */
  async giveBack(key: string, policy: RateLimitPolicy): Promise<void> {
    await this.run(key, policy, -1);
  }

  private async run(key: string, policy: RateLimitPolicy, cost: number): Promise<RateLimitDecision> {
    const reply = await this.script.run(this.redis, [key], [policy.burst, policy.refillPerSecond, cost]);
    const [allowed, remaining, waitMs] = reply as [number, number, number];
    return { policy: policy.name, allowed: allowed === 1, remaining, waitMs };
  }
}
