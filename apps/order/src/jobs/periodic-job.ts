import type { Logger } from '@shop/platform';

/**
 * Runs `task` every `intervalMs`, one run at a time (the next run is scheduled
 * when the previous one ends, so a slow run never overlaps itself). A failing
 * run is logged and the schedule continues. `stop()` cancels the next run and
 * waits for the current one, so the database pool is never closed under it (P07).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.runOnce().finally(() => {
        this.current = undefined;
        this.schedule();
      });
    }, this.intervalMs);
  }

  private async runOnce(): Promise<void> {
    try {
      await this.task();
    } catch (error) {
      this.logger.error({ err: error, job: this.name }, 'periodic job failed; will run again');
    }
  }
}
