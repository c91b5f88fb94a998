import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/** Polls until `probe` returns something other than undefined/false; bounded, no fixed sleeps. */
export const waitUntil = <T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; description?: string } = {},
): Promise<T> =>
  pollUntil(probe, { timeoutMs: 10_000, intervalMs: 50, description: 'a condition', ...options });
