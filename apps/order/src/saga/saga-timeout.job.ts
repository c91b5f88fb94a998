import { Inject, Injectable } from '@nestjs/common';
import { withContinuedTrace } from '@shop/messaging';
import { APP_CONFIG, DueBatchJob, LOGGER, type Logger } from '@shop/platform';
import { DataSource } from 'typeorm';
import type { OrderConfig } from '../order.config';
import { SagaRepository } from '../persistence/saga.repository';
import { PlaceOrderSagaOrchestrator } from './place-order-saga.orchestrator';

/**
 * Step deadlines, a due-time queue on the platform's DueBatchJob
 * (libs/platform/src/jobs): every ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS, lock the
 * waiting sagas whose deadline passed and let the orchestrator compensate (or
 * re-send an overdue compensation), in the locking transaction. Replica-safe:
 * FOR UPDATE SKIP LOCKED hands each overdue saga to exactly one replica's
 * transaction, and a saga being advanced by a reply right now is skipped, then
 * re-checked under its lock next time. State lives only in order_db, so a
 * restarted service picks up where the crashed one stopped.
 */
@Injectable()
export class SagaTimeoutJob extends DueBatchJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sagas: SagaRepository,
    private readonly orchestrator: PlaceOrderSagaOrchestrator,
    @Inject(APP_CONFIG) config: OrderConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const intervalMs = config.ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS;
    super('saga-timeouts', { intervalMs, batchSize: 20, maxBatchesPerRun: 25 }, logger);
  }

  runDueBatch(limit: number, now: Date): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const overdue = await this.sagas.lockOverdue(tx, now, limit);
      for (const { state, trace } of overdue) {
        // A savepoint per saga: one that cannot be handled (a bug) is logged and retried
        // next run without rolling back, or blocking, the others of the batch. In the
        // order's own trace, so the compensation it sends out stays in that trace.
        await withContinuedTrace(trace, 'saga step deadline', { 'shop.order.id': state.orderId }, () =>
          tx.transaction((savepoint) => this.orchestrator.onOverdue(savepoint, state, now)),
        ).catch((error: unknown) =>
          this.logger.error({ err: error, orderId: state.orderId }, 'overdue saga could not be handled'),
        );
      }
      return overdue.length;
    });
  }
}
