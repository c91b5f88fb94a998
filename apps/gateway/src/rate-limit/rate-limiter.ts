import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';
import type { Logger } from 'pino';
import type { PolicyName, RateLimitPolicy } from './rate-limit-policies';
import type { RateLimitDecision } from './rate-limit-response';
import { bucketKey, type RedisTokenBucket } from './token-bucket';

/** While Redis stays unreachable, one warning per this interval (not one per request). */
const WARN_INTERVAL_MS = 30_000;

/**
 * The gateway's one entry to its buckets: the decision, counted by policy and
 * outcome, and the Redis-down policy.
 *
 * Redis down or slow -> fail OPEN: the request goes on unlimited, counted as
 * `failed_open`, with a warning at most every 30 s. Failing closed would turn a
 * cache-grade dependency into a full outage of the public API: every request
 * 429 or 503 because a limiter could not count it. The bound on that risk is
 * the Redis command timeout (REDIS_COMMAND_TIMEOUT_MS, 200 ms): a slow Redis
 * costs each request at most that, never a stall; a Redis that is down
 * costs nothing, as the client rejects commands at once while disconnected.
 * The window without limits is an accepted trade-off, visible on the metric.
 */
export class RateLimiter {
  private failingSince: number | undefined;
  private failedOpen = 0;
  private lastWarnAt = 0;

  constructor(
    private readonly buckets: RedisTokenBucket,
    private readonly keyPrefix: string,
    private readonly metrics: RateLimitMetrics,
    private readonly logger: Logger,
  ) {}

  /** The decision, or undefined when it could not be made (failed open). */
  async take(policy: RateLimitPolicy, subject: string): Promise<RateLimitDecision | undefined> {
    try {
      const decision = await this.buckets.take(bucketKey(this.keyPrefix, policy.name, subject), policy);
      this.recovered();
      this.metrics.record(policy.name, decision.allowed ? 'allowed' : 'limited');
      return decision;
    } catch (error) {
      this.metrics.record(policy.name, 'failed_open');
      this.failed(error);
      return undefined;
    }
  }

  /** Gives back a token taken for a request that turned out not to count; best effort. */
  async giveBack(policy: RateLimitPolicy, subject: string): Promise<void> {
    try {
      await this.buckets.giveBack(bucketKey(this.keyPrefix, policy.name, subject), policy);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    const now = Date.now();
    this.failedOpen += 1;
    this.failingSince ??= now;
    if (now - this.lastWarnAt < WARN_INTERVAL_MS) return;
    this.lastWarnAt = now;
    this.logger.warn(
      { err: error, failed_open: this.failedOpen, since: new Date(this.failingSince).toISOString() },
      'rate limiting unavailable (Redis): requests pass unlimited (fail open)',
    );
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    this.logger.info(
      { failed_open: this.failedOpen, seconds: Math.round((Date.now() - this.failingSince) / 1_000) },
      'rate limiting restored',
    );
    this.failingSince = undefined;
    this.failedOpen = 0;
    this.lastWarnAt = 0;
  }
}

/** `failed_open`: Redis did not answer in time, the request went on unlimited. */
export type RateLimitOutcome = 'allowed' | 'limited' | 'failed_open';

/**
 * `gateway_rate_limit_decisions_total{policy, outcome}` on the service's one
 * registry. Both labels come from closed sets: never the IP, user or
 * email. A rising `failed_open` means the limits are off: alert on it.
 */
export class RateLimitMetrics {
  private readonly decisions: Counter;

  constructor() {
    this.decisions = getMeter().createCounter('gateway_rate_limit_decisions_total', {
      description: 'Rate-limit decisions, by policy and outcome (allowed, limited, failed_open)',
    });
  }

  record(policy: PolicyName, outcome: RateLimitOutcome): void {
    this.decisions.add(1, { policy, outcome });
  }
}
