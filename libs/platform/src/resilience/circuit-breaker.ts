export type CircuitState = 'closed' | 'open' | 'half_open';

/** How one call counts for the breaker (the caller classifies its results, not the breaker). */
export type BreakerSignal = 'success' | 'failure' | 'ignore';

export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts, 5xx, network errors) that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe call may try. */
  readonly openMs: number;
  readonly now?: () => number;
  readonly onStateChange?: (to: CircuitState) => void;
}

/**
 * A consecutive-failures circuit breaker around a remote dependency.
 *
 *   closed --N failures in a row--> open --openMs elapsed--> half_open
 *   half_open --probe succeeds--> closed;  half_open --probe fails--> open
 *
 * While open, calls are refused without touching the network: a slow or dead
 * dependency costs the caller nothing and gets room to recover. In half_open
 * exactly one probe is let through at a time. Business answers (a declined
 * card) are `success`, the dependency is healthy; only infrastructure failures
 * count. An own class rather than a library because it is small, the
 * classification must be the caller's, and tests drive it with a fake clock.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (options.failureThreshold < 1) throw new RangeError('failureThreshold must be >= 1');
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Milliseconds until a probe may try (0 unless open). */
  get remainingOpenMs(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.openedAt + this.options.openMs - this.now());
  }

  /** May a call go out now? In half_open, true hands out the single probe slot. */
  tryAcquire(): boolean {
    if (this.current === 'open') {
      if (this.remainingOpenMs > 0) return false;
      this.transition('half_open');
    }
    if (this.current === 'half_open') {
      if (this.probeInFlight) return false;
      this.probeInFlight = true;
    }
    return true;
  }

  /** Reports the result of a call that `tryAcquire` let through. */
  record(signal: BreakerSignal): void {
    if (this.current === 'half_open') {
      this.probeInFlight = false;
      if (signal === 'success') this.close();
      else if (signal === 'failure') this.open();
      return;
    }
    // A call that started before the circuit opened says nothing new now.
    if (this.current === 'open') return;
    if (signal === 'success') this.failures = 0;
    else if (signal === 'failure' && ++this.failures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.openedAt = this.now();
    this.failures = 0;
    this.transition('open');
  }

  private close(): void {
    this.failures = 0;
    this.transition('closed');
  }

  private transition(to: CircuitState): void {
    if (this.current === to) return;
    this.current = to;
    this.options.onStateChange?.(to);
  }
}
