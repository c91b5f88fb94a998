/**
 * Deadline arithmetic, pure so it is unit-tested on its own.
 * Times are epoch milliseconds.
 */

/** Kept back from an incoming deadline so the answer can still travel back to our caller in time. */
export const DEADLINE_SAFETY_MARGIN_MS = 50;

/**
 * Deadline of an outgoing call: our own default budget, but never later than
 * what is left of the caller's deadline minus a safety margin. A downstream
 * call therefore always has a smaller budget than its caller.
 */
export function computeOutgoingDeadline(
  now: number,
  defaultMs: number,
  incomingDeadline?: number,
  safetyMarginMs: number = DEADLINE_SAFETY_MARGIN_MS,
): number {
  const own = now + defaultMs;
  if (incomingDeadline === undefined || !Number.isFinite(incomingDeadline)) return own;
  return Math.min(own, incomingDeadline - safetyMarginMs);
}

/** Milliseconds left before `deadline` (negative once passed). */
export function remainingMs(deadline: number, now: number = Date.now()): number {
  return deadline - now;
}

/**
 * grpc-js reports a call's deadline as a Date, a number (epoch ms) or Infinity
 * when the caller set none; undefined means "no deadline".
 */
export function normalizeDeadline(deadline: Date | number | undefined | null): number | undefined {
  if (deadline === undefined || deadline === null) return undefined;
  const epochMs = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(epochMs) ? epochMs : undefined;
}
