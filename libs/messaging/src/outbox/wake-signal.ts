/**
 * The relay's doorbell. `notify()` (a NOTIFY arrived, or stop was requested)
 * wakes a pending `wait()`, or - if nobody waits right now - makes the next
 * `wait()` return at once, so a notification that lands while a batch is being
 * published is never lost. `reset()` is called right before each read of the
 * outbox: anything that commits after that point rings again.
 */
export class WakeSignal {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  reset(): void {
    this.pending = false;
  }

  /** Resolves `true` when notified, `false` when `timeoutMs` passed first. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (notified: boolean): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        resolve(notified);
      };
      this.wake = () => finish(true);
    });
  }
}
