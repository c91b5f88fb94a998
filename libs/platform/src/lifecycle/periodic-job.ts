import type { Logger } from '../logging/logger';

export interface PeriodicJobOptions {
  /**
   * Spreads each wait over intervalMs x (1 +/- jitter), e.g. 0.2 for 80-120 %,
   * so the replicas of a service do not all tick in lockstep. Default 0.
   */
  readonly jitter?: number;
}

/**
 * Runs `task` every `intervalMs`, one run at a time (the next run is scheduled
 * when the previous one ends, so a slow run never overlaps itself). A failing
 * run is logged and the schedule continues. `stop()` cancels the next run and
 * waits for the current one, so the database pool is never closed under it.
 * The timer is unref'd: a pending tick alone never keeps a process alive.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly options: PeriodicJobOptions = {},
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
    const jitter = this.options.jitter ?? 0;
    const delayMs = Math.round(this.intervalMs * (1 - jitter + Math.random() * 2 * jitter));
    this.timer = setTimeout(() => {
      this.current = this.runOnce().finally(() => {
        this.current = undefined;
        this.schedule();
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.task();
    } catch (error) {
      this.logger.error({ err: error, job: this.name }, 'periodic job failed; will run again');
    }
  }
}
