import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/**
 * Polls `probe` until it returns something other than undefined/false; the
 * bound is a failure limit, never an expected duration (no fixed sleeps).
 */
export const waitFor = <T>(
  description: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => pollUntil(probe, { description, timeoutMs, intervalMs });
