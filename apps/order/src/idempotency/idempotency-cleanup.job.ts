import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DueBatchJob, LOGGER, type Logger } from '@shop/platform';
import type { OrderConfig } from '../order.config';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

const HOUR_MS = 3_600_000;

/**
 * Deletes Idempotency-Key records older than ORDER_IDEMPOTENCY_KEY_RETENTION_HOURS
 * (at least 24 h: the window in which a client may retry), in bounded batches
 * on the platform's DueBatchJob: a run stops after 50 batches of 1000 and
 * whatever is left waits for the next run. Every replica may run it: the
 * deletes skip rows another run holds.
 */
@Injectable()
export class IdempotencyCleanupJob extends DueBatchJob {
  constructor(
    private readonly keys: IdempotencyKeyRepository,
    @Inject(APP_CONFIG) private readonly config: OrderConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const intervalMs = config.ORDER_IDEMPOTENCY_CLEANUP_INTERVAL_MS;
    super('idempotency-cleanup', { intervalMs, batchSize: 1_000, maxBatchesPerRun: 50 }, logger);
  }

  /** Deletes up to `limit` keys expired as of `now`; returns how many. */
  async runDueBatch(limit: number, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.ORDER_IDEMPOTENCY_KEY_RETENTION_HOURS * HOUR_MS);
    const deleted = await this.keys.deleteCreatedBefore(cutoff, limit);
    if (deleted > 0) this.logger.info({ deleted, cutoff }, 'expired idempotency keys deleted');
    return deleted;
  }
}
