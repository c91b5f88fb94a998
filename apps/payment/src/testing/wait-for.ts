import { waitUntil as pollUntil } from '@shop/testing';

// The polling loop itself is @shop/testing's; this keeps the suite's signature and defaults.
/** Polls until `probe` returns something other than undefined/false; a bound, never a sleep. */
export const waitFor = <T>(
  description: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> => pollUntil(probe, { description, timeoutMs, intervalMs: 50 });
