/**
 * Polls `probe` until it returns something other than undefined/false and
 * returns it; fails with `description` when `timeoutMs` passes. Tests wait on
 * outcomes, never on fixed sleeps. (@shop/testing has the same helper, but an
 * app may not depend on a testing library: boundaries in eslint.config.mjs.)
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; description: string },
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
