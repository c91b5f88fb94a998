/**
 * How a retry delay is randomised within its capped exponential ceiling
 * `min(maxMs, baseMs * 2^(attempt-1))`:
 * - `full`:  anywhere in [0, ceiling). Spreads the retries of many callers hit
 *   by the same outage the most, so they do not come back in synchronised waves.
 * - `equal`: half the ceiling fixed, half random, in [ceiling/2, ceiling]. Still
 *   spreads the callers, and the fixed half guarantees a retry never fires at once.
 */
export type Jitter = 'full' | 'equal';

export interface BackoffOptions {
  /** The ceiling of the first retry's delay; it doubles per attempt. */
  readonly baseMs: number;
  /** The ceiling never grows beyond this. */
  readonly maxMs: number;
  readonly jitter: Jitter;
}

/**
 * The delay before retrying after failed attempt number `attempt` (1-based):
 * capped exponential backoff with the given jitter (against retry storms: P05).
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  const fixed = options.jitter === 'equal' ? ceiling / 2 : 0;
  return Math.floor(fixed + random() * (ceiling - fixed));
}
