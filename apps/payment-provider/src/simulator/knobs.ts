import { z } from 'zod';
import type { PaymentProviderConfig } from '../payment-provider.config';
import { mulberry32 } from './prng';

const rate = z.number().min(0).max(1);

/** What a test may change at run time; every field optional (a partial update). */
export const knobsUpdateSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  failureRate: rate.optional(),
  declineRate: rate.optional(),
  timeoutRate: rate.optional(),
  hangMs: z.number().int().min(1).max(600_000).optional(),
  /** A number makes the fault draws reproducible from now on; null goes back to Math.random. */
  seed: z.number().int().nullable().optional(),
  /** The next N money-moving calls answer 500 (unprocessed), then the rates apply again. */
  failNext: z.number().int().min(0).max(10_000).optional(),
  /** The next N money-moving calls are processed and then hang, then the rates apply again. */
  timeoutNext: z.number().int().min(0).max(10_000).optional(),
});

export type KnobsUpdate = z.infer<typeof knobsUpdateSchema>;

export interface KnobValues {
  readonly latencyMs: number;
  readonly failureRate: number;
  readonly declineRate: number;
  readonly timeoutRate: number;
  readonly hangMs: number;
  readonly seed: number | null;
  readonly failNext: number;
  readonly timeoutNext: number;
}

export function knobDefaults(config: PaymentProviderConfig): KnobValues {
  return {
    latencyMs: config.PROVIDER_LATENCY_MS,
    failureRate: config.PROVIDER_FAILURE_RATE,
    declineRate: config.PROVIDER_DECLINE_RATE,
    timeoutRate: config.PROVIDER_TIMEOUT_RATE,
    hangMs: config.PROVIDER_HANG_MS,
    seed: config.PROVIDER_SEED ?? null,
    failNext: 0,
    timeoutNext: 0,
  };
}

/**
 * The simulator's fault knobs and its random source. Draws happen in a fixed
 * order per call (failure, then decline for a new charge, then timeout), so a
 * seeded run replays the same faults for the same requests.
 */
export class Knobs {
  private current: KnobValues;
  private random: () => number;

  constructor(private readonly defaults: KnobValues) {
    this.current = defaults;
    this.random = randomSource(defaults.seed);
  }

  get values(): KnobValues {
    return this.current;
  }

  update(update: KnobsUpdate): KnobValues {
    const next = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
    this.current = { ...this.current, ...next };
    if (update.seed !== undefined) this.random = randomSource(this.current.seed);
    return this.current;
  }

  reset(): KnobValues {
    this.current = this.defaults;
    this.random = randomSource(this.defaults.seed);
    return this.current;
  }

  /** Should this money-moving call fail with a 500 before being processed? */
  drawFailure(): boolean {
    if (this.current.failNext > 0) {
      this.current = { ...this.current, failNext: this.current.failNext - 1 };
      return true;
    }
    return this.random() < this.current.failureRate;
  }

  /** Should this new charge be declined whatever the card? */
  drawDecline(): boolean {
    return this.random() < this.current.declineRate;
  }

  /** Should this processed call hang instead of answering? */
  drawTimeout(): boolean {
    if (this.current.timeoutNext > 0) {
      this.current = { ...this.current, timeoutNext: this.current.timeoutNext - 1 };
      return true;
    }
    return this.random() < this.current.timeoutRate;
  }
}

function randomSource(seed: number | null): () => number {
  return seed === null ? Math.random : mulberry32(seed);
}
