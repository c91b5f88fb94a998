import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/**
 * Polls `probe` until it returns something other than undefined/false; fails
 * after `timeoutMs` naming what it waited for. Tests wait on outcomes, never
 * on fixed sleeps.
 */
export const waitUntil = <T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; description: string },
): Promise<T> => pollUntil(probe, { timeoutMs: 15_000, intervalMs: 50, ...options });
