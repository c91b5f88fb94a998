export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Capped exponential backoff with FULL jitter (P05): a uniformly random delay
 * in [0, min(maxMs, baseMs * 2^(attempt-1))). Full jitter spreads the retries
 * of many callers hit by the same outage the most, so they do not come back in
 * synchronised waves. `attempt` is the number of the attempt that failed (1-based).
 */
export function fullJitterDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
