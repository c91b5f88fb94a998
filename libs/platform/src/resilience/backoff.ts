/**
 * How a retry delay is drawn below its ceiling `min(maxMs, baseMs * 2^(attempt-1))`.
 * `full`: anywhere in [0, ceiling); spreads the retries of many callers hit by
 * one outage the most, so they do not come back in synchronised waves.
 * `equal`: in [ceiling/2, ceiling); the fixed half means a retry never fires at
 * once, the random half still spreads the callers.
 * `none`: exactly the ceiling, for a deadline that must be reproducible rather
 * than spread (one saga's re-sent compensation: one timer, no crowd to spread).
 */
export type Jitter = 'full' | 'equal' | 'none';

export interface BackoffOptions {
  /** The first retry's ceiling; it doubles per attempt, up to `maxMs`. */
  readonly baseMs: number;
  readonly maxMs: number;
  readonly jitter: Jitter;
}

/** Delay before retrying failed attempt number `attempt` (1-based): capped exponential backoff. */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  if (options.jitter === 'none') return ceiling;
  const fixed = options.jitter === 'equal' ? ceiling / 2 : 0;
  return Math.floor(fixed + random() * (ceiling - fixed));
}
