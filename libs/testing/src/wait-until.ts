export interface WaitOptions {
  /** Give up after this long (a bound, not an expectation: the test asserts the outcome). */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly description?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, and returns
 * it. Fails with the description and the last error when the bound is reached.
 * Tests wait on outcomes with this, never on fixed sleeps: the one wait of every
 * test in the tree. The default bound is generous (30 s: a busy 2-core CI
 * machine starting Kafka consumers) because it only costs time when a test is
 * failing anyway.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 50, description = 'condition' } = options;
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
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
