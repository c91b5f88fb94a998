/** Capped exponential backoff (P05): `initialMs * 2^(attempt-1)`, never above `maxMs`. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (1-based), with "equal jitter": half of the
 * capped delay is fixed, half random. The random half spreads the retries of
 * many replicas hitting the same failure (P05); the fixed half guarantees the
 * retry never fires immediately.
 */
export function computeBackoffMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const capped = Math.min(options.maxMs, options.initialMs * 2 ** (attempt - 1));
  return Math.round(capped / 2 + random() * (capped / 2));
}
