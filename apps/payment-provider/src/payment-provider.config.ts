import { z } from 'zod';
import { baseConfigSchema, httpServerConfigSchema, positiveInt, ratio } from '@shop/platform';

/**
 * The simulator's start-up defaults. Every knob can be changed at run time
 * through the test-only `PUT /v1/_simulator/knobs`; these are what it starts
 * with and what `DELETE /v1/_simulator/knobs` restores.
 */
export const paymentProviderConfigSchema = baseConfigSchema.extend(httpServerConfigSchema.shape).extend({
  /** Added to every money-moving call before it is processed. */
  PROVIDER_LATENCY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /** Share of money-moving calls answered 500 without being processed. */
  PROVIDER_FAILURE_RATE: ratio().default(0),
  /** Share of new charges declined (card_declined) whatever the card. */
  PROVIDER_DECLINE_RATE: ratio().default(0),
  /** Share of money-moving calls processed and then never answered (until PROVIDER_HANG_MS). */
  PROVIDER_TIMEOUT_RATE: ratio().default(0),
  /** How long a "timeout" holds the response: well past any client's timeout. */
  PROVIDER_HANG_MS: positiveInt().max(600_000).default(30_000),
  /** Seeds the fault PRNG: the same seed, knobs and request sequence give the same faults. */
  PROVIDER_SEED: z.coerce.number().int().optional(),
  /** Bound of each in-memory store (payment methods, charges, idempotency keys). */
  PROVIDER_MAX_ENTRIES: positiveInt().max(10_000_000).default(100_000),
});

export type PaymentProviderConfig = z.infer<typeof paymentProviderConfigSchema>;
