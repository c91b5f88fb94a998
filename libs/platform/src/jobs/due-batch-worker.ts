import type { Logger } from '../logging/logger';
import { PeriodicJob } from '../lifecycle/periodic-job';

/**
 * A due-time queue whose lease is the claiming transaction: the rows carry a
 * deadline (an overdue saga step, an expired reservation, a record past its
 * retention), and handling one is a few quick writes (or one bulk delete), so
 * nothing needs to outlive the transaction. One batch
 * locks up to `limit` due rows FOR UPDATE SKIP LOCKED, handles them in that same
 * transaction and commits: the row lock is the lease (replicas split the rows,
 * a row being changed right now is skipped and looked at next run), and a crash
 * rolls the batch back, so its rows are due again at once. Work that outlives a
 * transaction (a provider call, an SMTP send) needs a time-bound lease instead:
 * JobQueue and JobWorker.
 */
export interface DueBatchQueue {
  /** For logs. */
  readonly name: string;
  /** In one transaction: lock up to `limit` rows due at `now`, handle them, commit; returns how many it locked. */
  runDueBatch(limit: number, now: Date): Promise<number>;
}

export interface DueBatchSettings {
  /** How often to look for due rows (no NOTIFY: rows come due by the clock, not by a commit). */
  readonly intervalMs: number;
  /** Rows per transaction: short transactions, short row locks. */
  readonly batchSize: number;
  /** Bounds one run, so a backlog after an outage drains over a few runs without starving shutdown. */
  readonly maxBatchesPerRun: number;
  /** Spreads the interval by +/- this fraction so replicas do not tick in lockstep. Default 0. */
  readonly jitter?: number;
}

/**
 * Runs a DueBatchQueue: every interval, batch after batch until one comes back
 * short. `stop()` cancels the next run and waits for the current one, so the
 * database pool is never closed under it.
 */
export class DueBatchWorker {
  private readonly job: PeriodicJob;

  constructor(
    private readonly queue: DueBatchQueue,
    private readonly settings: DueBatchSettings,
    logger: Logger,
  ) {
    const jitter = settings.jitter ?? 0;
    this.job = new PeriodicJob(queue.name, settings.intervalMs, () => this.runDue(), logger, { jitter });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Handles the rows due at `now` (default: the time each batch starts); returns how many. */
  async runDue(now?: Date): Promise<number> {
    const { batchSize, maxBatchesPerRun } = this.settings;
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerRun; batch += 1) {
      const handled = await this.queue.runDueBatch(batchSize, now ?? new Date());
      total += handled;
      if (handled < batchSize) break;
    }
    return total;
  }
}
