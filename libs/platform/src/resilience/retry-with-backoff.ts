import { backoffDelayMs, type BackoffOptions } from './backoff';

export interface RetryOptions extends BackoffOptions {
  /** Total attempts, the first included. */
  readonly attempts: number;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Retries an operation that throws, with capped exponential backoff: for
 * start-up connections, whose dependency (or the sidecar in front of it) may
 * not be ready yet. Bounded: after the last attempt the error is thrown
 * and the service exits, leaving further retries to the orchestrator's own backoff.
 */
export async function retryWithBackoff<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      const delayMs = backoffDelayMs(attempt, options);
      options.onRetry?.(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
