import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, LOGGER, PeriodicJob, type Logger } from '@shop/platform';
import type { OrderConfig } from '../order.config';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

const BATCH_SIZE = 1_000;
/** Bounds one run; whatever is left waits for the next run. */
const MAX_BATCHES_PER_RUN = 50;
const HOUR_MS = 3_600_000;

/**
 * Deletes Idempotency-Key records older than ORDER_IDEMPOTENCY_KEY_RETENTION_HOURS
 * (at least 24 h: the window in which a client may retry). Every replica
 * may run it: the deletes skip rows another run holds.
 */
@Injectable()
export class IdempotencyCleanupJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly keys: IdempotencyKeyRepository,
    @Inject(APP_CONFIG) private readonly config: OrderConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new PeriodicJob(
      'idempotency-cleanup',
      config.ORDER_IDEMPOTENCY_CLEANUP_INTERVAL_MS,
      () => this.runOnce(new Date()),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Deletes the expired keys as of `now`; returns how many. */
  async runOnce(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.ORDER_IDEMPOTENCY_KEY_RETENTION_HOURS * HOUR_MS);
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const deleted = await this.keys.deleteCreatedBefore(cutoff, BATCH_SIZE);
      total += deleted;
      if (deleted < BATCH_SIZE) break;
    }
    if (total > 0) this.logger.info({ deleted: total, cutoff }, 'expired idempotency keys deleted');
    return total;
  }
}
