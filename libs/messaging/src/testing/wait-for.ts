import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/**
 * Polls `probe` until it returns a value other than undefined/false, or fails
 * after `timeoutMs` with `description` (tests wait on outcomes, never on sleeps).
 */
export const waitFor = <T>(
  description: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => pollUntil(probe, { description, timeoutMs, intervalMs });
