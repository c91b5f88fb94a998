import type { Logger } from 'pino';

import type { OutboxStore } from './outbox-store';

export interface OutboxRetentionOptions {
  /** Published rows older than this are deleted (default 7 days). */
  readonly retentionMs?: number;
  /** How often the leader looks for them, on an idle tick (default 1 h). */
  readonly intervalMs?: number;
  /** Rows per DELETE (default 1000); at most 10 DELETEs per run, so publishing never waits long. */
  readonly batchSize?: number;
}

const MAX_BATCHES_PER_RUN = 10;

/** Keeps the outbox small: published rows are only kept for inspection, then deleted in batches. */
export class OutboxRetention {
  private readonly retentionMs: number;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private lastRunAt = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly logger: Logger,
    options: OutboxRetentionOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.batchSize = options.batchSize ?? 1_000;
  }

  /** Returns how many rows were deleted (0 when not due). */
  async runIfDue(now = Date.now()): Promise<number> {
    if (now - this.lastRunAt < this.intervalMs) return 0;
    this.lastRunAt = now;
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const count = await this.store.deletePublishedBefore(this.retentionMs, this.batchSize);
      deleted += count;
      if (count < this.batchSize) break;
    }
    if (deleted > 0)
      this.logger.info({ deleted, retentionMs: this.retentionMs }, 'deleted old published outbox rows');
    return deleted;
  }
}
