/**
 * Polls until `probe` returns something other than undefined/false; bounded, no
 * fixed sleeps. (Apps may not depend on @shop/testing: lint boundaries.)
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; description?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.description ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
