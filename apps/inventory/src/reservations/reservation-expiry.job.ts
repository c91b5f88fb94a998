import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DueBatchJob, LOGGER, type Logger } from '@shop/platform';
import { DataSource } from 'typeorm';
import type { InventoryConfig } from '../inventory.config';
import { ReservationRepository } from '../persistence/reservation.repository';
import { StockRepository } from '../persistence/stock.repository';
import { ReservationMetrics } from './reservation-metrics';
import { stockDeltas } from './stock-effects';

type ExpiryConfig = Pick<InventoryConfig, 'RESERVATION_EXPIRY_INTERVAL_MS' | 'RESERVATION_EXPIRY_BATCH_SIZE'>;

/**
 * Returns the stock of abandoned reservations (the saga never committed or
 * released them: it crashed, or its step timed out and the release was lost):
 * a due-time queue on the platform's DueBatchJob (libs/platform/src/jobs).
 * Runs on every replica: each batch locks its rows with SKIP LOCKED, so
 * replicas split the work instead of blocking each other, and a reservation
 * being committed right now is simply skipped. Bounded batches in short
 * transactions; the interval is jittered so replicas do not tick in lockstep.
 */
@Injectable()
export class ReservationExpiryJob extends DueBatchJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reservations: ReservationRepository,
    private readonly stock: StockRepository,
    private readonly metrics: ReservationMetrics,
    @Inject(APP_CONFIG) config: ExpiryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(
      'reservation-expiry',
      {
        intervalMs: config.RESERVATION_EXPIRY_INTERVAL_MS,
        batchSize: config.RESERVATION_EXPIRY_BATCH_SIZE,
        maxBatchesPerRun: 10,
        jitter: 0.2,
      },
      logger,
    );
  }

  async runDueBatch(limit: number, now: Date): Promise<number> {
    const expired = await this.dataSource.transaction(async (tx) => {
      const due = await this.reservations.lockDue(tx, now, limit);
      const transitions = due
        .map((reservation) => reservation.expire(now))
        .filter((t) => t.effect !== 'none');
      for (const { reservation, from } of transitions) {
        // Rows are locked by lockDue, so the compare-and-set cannot lose.
        await this.reservations.transition(tx, reservation.snapshot.id, from, 'EXPIRED', now);
      }
      // All the batch's stock returns at once, in product order (no deadlock with reservations).
      await this.stock.apply(tx, stockDeltas(transitions));
      return due.length;
    });
    if (expired > 0) {
      this.metrics.record('expire', 'expired', 'return-reserved', expired);
      this.logger.info({ expired }, 'expired abandoned reservations; their stock is available again');
    }
    return expired;
  }
}
