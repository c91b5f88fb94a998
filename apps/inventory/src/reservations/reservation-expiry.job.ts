import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, LOGGER, PeriodicJob, type Logger } from '@shop/platform';
import { DataSource } from 'typeorm';
import type { InventoryConfig } from '../inventory.config';
import { ReservationRepository } from '../persistence/reservation.repository';
import { StockRepository } from '../persistence/stock.repository';
import { ReservationMetrics } from './reservation-metrics';
import { stockDeltas } from './stock-effects';

/** A run drains at most this many batches, then yields until the next tick. */
const MAX_BATCHES_PER_RUN = 10;

type ExpiryConfig = Pick<InventoryConfig, 'RESERVATION_EXPIRY_INTERVAL_MS' | 'RESERVATION_EXPIRY_BATCH_SIZE'>;

/**
 * Returns the stock of abandoned reservations (the saga never committed or
 * released them: it crashed, or its step timed out and the release was lost).
 * Runs on every replica: each batch locks its rows with SKIP LOCKED, so
 * replicas split the work instead of blocking each other, and a reservation
 * being committed right now is simply skipped. Bounded batches in short
 * transactions; the interval is jittered so replicas do not tick in lockstep.
 */
@Injectable()
export class ReservationExpiryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reservations: ReservationRepository,
    private readonly stock: StockRepository,
    private readonly metrics: ReservationMetrics,
    @Inject(APP_CONFIG) private readonly config: ExpiryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new PeriodicJob(
      'reservation-expiry',
      config.RESERVATION_EXPIRY_INTERVAL_MS,
      () => this.expireDue(),
      logger,
      { jitter: 0.2 },
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Stops the timer and waits for a run in progress, before the pool closes (P07). */
  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /** Expires every reservation due at `now`, batch by batch; returns how many. */
  async expireDue(now = new Date()): Promise<number> {
    const batchSize = this.config.RESERVATION_EXPIRY_BATCH_SIZE;
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const expired = await this.expireBatch(now, batchSize);
      total += expired;
      if (expired < batchSize) break;
    }
    if (total > 0) {
      this.metrics.record('expire', 'expired', 'return-reserved', total);
      this.logger.info({ expired: total }, 'expired abandoned reservations; their stock is available again');
    }
    return total;
  }

  private expireBatch(now: Date, batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due = await this.reservations.lockDue(tx, now, batchSize);
      const transitions = due
        .map((reservation) => reservation.expire(now))
        .filter((t) => t.effect !== 'none');
      for (const { reservation, from } of transitions) {
        // Rows are locked by lockDue, so the compare-and-set cannot lose.
        await this.reservations.transition(tx, reservation.snapshot.id, from, 'EXPIRED', now);
      }
      // All the batch's stock returns at once, in product order (no deadlock with reservations: P11).
      await this.stock.apply(tx, stockDeltas(transitions));
      return due.length;
    });
  }
}
