export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Retries a start-up connection with capped exponential backoff and full
 * jitter (P19: the dependency, or the sidecar in front of it, may not be ready
 * yet). Bounded: after the last attempt the error is thrown and the service
 * exits, leaving further retries to the orchestrator's own backoff.
 */
export async function retryWithBackoff<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      options.onRetry?.(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
