export interface RetryBudgetOptions {
  /** Retries earned per first attempt: 0.2 = retries add at most ~20 % load. */
  readonly ratio: number;
  /** Retries always allowed per second, so a quiet service can still retry. */
  readonly minPerSecond: number;
  /** Largest burst of retries (bucket size). */
  readonly maxTokens: number;
  readonly now?: () => number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { ratio: 0.2, minPerSecond: 1, maxTokens: 10 };

/**
 * A token bucket that caps retries as a share of traffic: each first
 * attempt deposits `ratio` tokens, time adds `minPerSecond`, each retry spends
 * one. When a dependency is failing for everyone, retries stop multiplying the
 * load once the bucket is empty, instead of tripling it.
 */
export class RetryBudget {
  private tokens: number;
  private refilledAt: number;
  private readonly now: () => number;

  constructor(private readonly options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET) {
    this.now = options.now ?? Date.now;
    this.tokens = options.maxTokens;
    this.refilledAt = this.now();
  }

  /** A first attempt: earns a fraction of a retry. */
  recordRequest(): void {
    this.refill();
    this.tokens = Math.min(this.options.maxTokens, this.tokens + this.options.ratio);
  }

  /** May this retry go out? Spends a token if so. */
  tryRetry(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const now = this.now();
    const earned = ((now - this.refilledAt) / 1000) * this.options.minPerSecond;
    this.tokens = Math.min(this.options.maxTokens, this.tokens + earned);
    this.refilledAt = now;
  }
}
