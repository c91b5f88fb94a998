/**
 * A loop's doorbell (the outbox relay, the job worker). `notify()` (a NOTIFY
 * arrived, a slot freed up, or stop was requested) wakes a pending `wait()`, or - if nobody waits right now - makes the next
 * `wait()` return at once, so a notification that lands while a batch is being
 * published is never lost. `reset()` is called right before each read of the
 * table: anything that commits after that point rings again.
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

  /**
   * Resolves `true` when notified, `false` when `timeoutMs` passed first or
   * `abort` fired (at once if it already has: shutdown never waits out a poll).
   */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    if (abort?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onAbort = (): void => finish(false);
      const finish = (notified: boolean): void => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        this.pending = false;
        resolve(notified);
      };
      abort?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => finish(true);
    });
  }
}
