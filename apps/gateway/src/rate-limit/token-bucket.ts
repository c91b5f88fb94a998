import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sha256Hex, type PolicyName, type RateLimitPolicy } from './rate-limit-policies';
import type { RateLimitDecision } from './rate-limit-response';

// The token bucket in Redis, whole: the Lua algorithm, how it is called, and how
// its keys are laid out. The rest of rate-limit/ decides WHAT to limit
// (rate-limit-policies.ts) and what to do when Redis cannot answer (rate-limiter.ts).

/**
 * The token bucket, as one Lua script: Redis runs a script atomically, so the
 * read-refill-take-write below never interleaves with another request's. Done
 * from Node as GET then SET, two gateway replicas (or two requests on one) would
 * both read "1 token left" and both pass: the same race as a read-check-write
 * stock update.
 *
 * Time comes from Redis (`TIME`), not from the caller: replicas whose clocks
 * disagree still compute the same refill, and a replica with a clock running
 * ahead cannot refill buckets early. Redis >= 5 replicates a script's effects,
 * not the script, so a non-deterministic TIME is allowed here. A clock that
 * went backwards (a failover to a replica that is behind) refills nothing.
 *
 * The bucket is one hash {tokens, ts}. Its TTL is the time it takes to refill
 * completely: a full bucket and a missing key mean the same, so idle buckets
 * vanish on their own and the key space holds only active clients.
 *
 * KEYS[1] the bucket; ARGV[1] burst (capacity); ARGV[2] refill, tokens per second;
 * ARGV[3] cost: 1 takes a token, -1 gives one back.
 * Returns { allowed (1|0), whole tokens left, ms until the next whole token (0 when full) }.
 */
export const TOKEN_BUCKET_LUA = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
end

local allowed = 0
if tokens >= cost then
  tokens = math.min(burst, tokens - cost)
  allowed = 1
end

local wait_us = 0
if allowed == 0 then
  wait_us = (cost - tokens) * 1000000 / rate
elseif tokens < burst then
  wait_us = (math.floor(tokens) + 1 - tokens) * 1000000 / rate
end

local full_ms = math.ceil((burst - tokens) * 1000 / rate)
if full_ms > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
  redis.call('PEXPIRE', KEYS[1], full_ms)
else
  redis.call('DEL', KEYS[1])
end
return { allowed, math.floor(tokens), math.ceil(wait_us / 1000) }
`;

/**
 * A Lua script run with EVALSHA: only its SHA-1 travels per call, not the
 * source. Redis forgets scripts on restart, failover or SCRIPT FLUSH; the
 * NOSCRIPT error that follows is answered with one EVAL, which runs the script
 * and caches it again, so callers never notice.
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Token buckets in Redis, shared by every gateway replica: one script call per
 * decision, atomic (TOKEN_BUCKET_LUA above). Errors (Redis down, timeout) are
 * thrown: what to do then is the caller's policy (RateLimiter fails open).
 */
export class RedisTokenBucket {
  constructor(
    private readonly redis: Redis,
    private readonly script: RedisScript = new RedisScript(TOKEN_BUCKET_LUA),
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

const SAFE_SUBJECT = /^[A-Za-z0-9.:/_-]{1,100}$/;

/**
 * `<prefix>:<policy>:{<subject>}`, e.g. `rl:ip:{203.0.113.7}`. The braces are a
 * Redis Cluster hash tag: only the subject picks the slot, so buckets spread
 * over the shards by client, and any key added for the same subject later
 * lands on the same shard as its bucket (a script may only touch keys of one
 * slot). A subject that could break the tag is hashed.
 */
export function bucketKey(prefix: string, policy: PolicyName, subject: string): string {
  return `${prefix}:${policy}:{${SAFE_SUBJECT.test(subject) ? subject : sha256Hex(subject)}}`;
}
