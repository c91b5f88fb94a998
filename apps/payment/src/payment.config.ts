import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
  positiveInt,
  url,
} from '@shop/platform';

/**
 * The payment provider client. Worst case of one call:
 * PROVIDER_MAX_ATTEMPTS x PROVIDER_TIMEOUT_MS + the backoffs between them
 * (3 x 2 s + 2 x <= 1 s = 8 s by default); the saga's payment step timeout must
 * stay above it (budget table in docs/payment.md).
 */
export const paymentProviderClientConfigSchema = z.object({
  /** The provider's base URL, e.g. http://127.0.0.1:8090 (payment -> payment-provider over HTTP). */
  PAYMENT_PROVIDER_URL: url(),
  /** Bound on ONE attempt (headers and body). */
  PROVIDER_TIMEOUT_MS: positiveInt().max(30_000).default(2_000),
  /** Attempts per call, the first included; retries only with an idempotency key (all ours have one). */
  PROVIDER_MAX_ATTEMPTS: positiveInt().max(10).default(3),
  /** Full-jitter backoff between attempts: random in [0, min(max, base x 2^n)). */
  PROVIDER_RETRY_BASE_MS: positiveInt().default(100),
  PROVIDER_RETRY_MAX_MS: positiveInt().default(1_000),
  /** Consecutive infrastructure failures that open the circuit. */
  PROVIDER_BREAKER_FAILURE_THRESHOLD: positiveInt().max(1_000).default(5),
  /** How long the circuit stays open before one probe may try. */
  PROVIDER_BREAKER_OPEN_MS: positiveInt().default(10_000),
  /** Provider calls in flight per process: the bulkhead around the provider. */
  PAYMENT_ACTION_CONCURRENCY: positiveInt().max(64).default(4),
});

export const paymentConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape)
  .extend(paymentProviderClientConfigSchema.shape);

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
