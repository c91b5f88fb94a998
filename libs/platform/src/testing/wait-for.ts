import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/**
 * Polls `probe` until it returns something other than undefined/false. The
 * bound is a failure limit, never an expected duration: tests assert outcomes,
 * not sleeps.
 */
export const waitFor = <T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number; description: string },
): Promise<T> => pollUntil(probe, options);
