import type { JobWorkerSettings } from '@shop/platform';
import type { ProviderClientSettings } from './provider/http-payment-gateway';
import type { PaymentConfig } from './payment.config';

/** Time for the two short transactions around a provider call, on top of the call itself. */
const DATABASE_MARGIN_MS = 2_000;

export interface ActionWorkerSettings extends JobWorkerSettings {
  /**
   * How long a claimed action stays reserved: the worst case of one provider
   * call plus a margin. A worker that dies mid-call loses its lease after this,
   * and another one re-runs the action with the same idempotency keys.
   */
  readonly leaseMs: number;
  /** RELEASE makes two calls (replay the authorization, then void): twice the call budget. */
  readonly releaseLeaseMs: number;
}

export function providerClientSettings(config: PaymentConfig): ProviderClientSettings {
  return {
    baseUrl: config.PAYMENT_PROVIDER_URL,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    retry: {
      maxAttempts: config.PROVIDER_MAX_ATTEMPTS,
      backoff: { baseMs: config.PROVIDER_RETRY_BASE_MS, maxMs: config.PROVIDER_RETRY_MAX_MS, jitter: 'full' },
    },
    breakerFailureThreshold: config.PROVIDER_BREAKER_FAILURE_THRESHOLD,
    breakerOpenMs: config.PROVIDER_BREAKER_OPEN_MS,
  };
}

/** The longest one provider call can take, every attempt and backoff included. */
export function providerCallBudgetMs(config: PaymentConfig): number {
  const attempts = config.PROVIDER_MAX_ATTEMPTS;
  return attempts * config.PROVIDER_TIMEOUT_MS + (attempts - 1) * config.PROVIDER_RETRY_MAX_MS;
}

export function actionWorkerSettings(config: PaymentConfig): ActionWorkerSettings {
  return {
    concurrency: config.PAYMENT_ACTION_CONCURRENCY,
    leaseMs: providerCallBudgetMs(config) + DATABASE_MARGIN_MS,
    releaseLeaseMs: 2 * providerCallBudgetMs(config) + DATABASE_MARGIN_MS,
    pollMs: 1_000,
    // Capture, cancel and release must eventually happen: no maxAttempts, never dropped.
    // At least half a second, growing to a minute (and never sooner than an open circuit allows).
    retry: { backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 'full' }, minDelayMs: 500 },
  };
}
