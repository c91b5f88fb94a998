/**
 * Wakes the worker. `ring()` wakes a pending `wait()`, or - when nobody waits -
 * makes the next `wait()` return at once, so a ring that lands while the
 * worker is busy claiming is never lost. `reset()` right before each claim:
 * anything committed after it rings again.
 */
export class Doorbell {
  private rung = false;
  private wake: (() => void) | undefined;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  reset(): void {
    this.rung = false;
  }

  /** Resolves true when rung, false after `timeoutMs`. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (rung: boolean): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.rung = false;
        resolve(rung);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.wake = () => finish(true);
    });
  }
}
