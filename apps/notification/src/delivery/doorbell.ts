/**
 * Wakes the sender loop: a NOTIFY arrived, a send finished (a slot is free) or
 * shutdown began. A ring while nobody waits is kept, so the next `wait()`
 * returns at once and no notification is lost between a claim and the wait.
 */
export class Doorbell {
  private rung = false;
  private wake: (() => void) | undefined;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Called right before reading the table: only rings after this point count. */
  reset(): void {
    this.rung = false;
  }

  /** Resolves on a ring, after `timeoutMs`, or when `signal` aborts. */
  async wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.rung || signal.aborted) {
      this.rung = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.rung = false;
  }
}
