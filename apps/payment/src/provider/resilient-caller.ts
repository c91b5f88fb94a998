import type { Logger } from 'pino';
import { backoffDelayMs, type BackoffOptions, type CircuitBreaker, type RetryBudget } from '@shop/platform';
import type { AttemptVerdict } from './provider-response.mapper';
import type { ProviderHttpResult, ProviderRequest } from './provider-http-client';
import type { ProviderMetrics } from './provider-metrics';

export interface ResilienceSettings {
  /** Attempts per call, the first included (PROVIDER_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
}

export type CallResult<T> =
  | { readonly kind: 'final'; readonly outcome: T }
  | {
      readonly kind: 'unavailable';
      readonly reason: string;
      /** Some attempt may have been processed by the provider. */
      readonly maybeProcessed: boolean;
      /** When the circuit lets calls through again (0 if it is not open). */
      readonly retryInMs: number;
    };

export interface ResilientCallerDeps {
  readonly send: (request: ProviderRequest, attempt: number) => Promise<ProviderHttpResult>;
  readonly breaker: CircuitBreaker;
  readonly budget: RetryBudget;
  readonly metrics: ProviderMetrics;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * The policy around every provider call:
 * - each attempt is bounded by its own timeout (`send`), so the whole call is
 *   bounded: attempts x timeout + the backoffs between them;
 * - the circuit breaker is asked before each attempt; open = fail fast, no network;
 * - a transient failure (timeout, 5xx, network, 409 in flight) is retried after
 *   the settings' backoff (full jitter in production), but ONLY for a request
 *   that carries an idempotency key, and only while the retry budget allows;
 * - a final answer (approval, decline, refusal) is never retried.
 */
export class ResilientCaller {
  constructor(
    private readonly settings: ResilienceSettings,
    private readonly deps: ResilientCallerDeps,
  ) {}

  async call<T>(
    request: ProviderRequest,
    map: (result: ProviderHttpResult) => AttemptVerdict<T>,
  ): Promise<CallResult<T>> {
    const { breaker, budget, metrics } = this.deps;
    const retryable = request.idempotencyKey !== undefined || request.method === 'GET';
    const maxAttempts = retryable ? this.settings.maxAttempts : 1;
    let maybeProcessed = false;
    let reason = 'no attempt was made';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt === 1) budget.recordRequest();
      else if (!budget.tryRetry()) {
        metrics.shortCircuited(request.operation, 'retry_budget');
        return {
          kind: 'unavailable',
          reason: `${reason} (retry budget exhausted)`,
          maybeProcessed,
          retryInMs: 0,
        };
      }
      if (!breaker.tryAcquire()) {
        metrics.shortCircuited(request.operation, 'circuit_open');
        const open = 'the payment provider is unavailable (circuit open)';
        return { kind: 'unavailable', reason: open, maybeProcessed, retryInMs: breaker.remainingOpenMs };
      }
      if (attempt > 1) metrics.retried(request.operation);
      const started = performance.now();
      const verdict = map(await this.deps.send(request, attempt));
      breaker.record(verdict.breaker);
      metrics.attempted(request.operation, verdict.result, (performance.now() - started) / 1000);
      if (verdict.kind === 'final') return { kind: 'final', outcome: verdict.outcome };

      maybeProcessed ||= verdict.maybeProcessed;
      reason = verdict.reason;
      this.deps.logger.warn(
        {
          operation: request.operation,
          attempt,
          maxAttempts,
          result: verdict.result,
          diagnostic: verdict.diagnostic,
        },
        'payment provider attempt failed',
      );
      if (attempt < maxAttempts) {
        await this.deps.sleep(backoffDelayMs(attempt, this.settings.backoff, this.deps.random));
      }
    }
    return { kind: 'unavailable', reason, maybeProcessed, retryInMs: breaker.remainingOpenMs };
  }
}
