import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { withContinuedTrace } from '@shop/messaging';
import { APP_CONFIG, LOGGER, PeriodicJob, type Logger } from '@shop/platform';
import { DataSource } from 'typeorm';
import type { OrderConfig } from '../order.config';
import { SagaRepository } from '../persistence/saga.repository';
import { PlaceOrderSagaOrchestrator } from './place-order-saga.orchestrator';

/** Sagas handled per transaction: short transactions, short row locks. */
const BATCH_SIZE = 20;
/** Bounds one run, so a backlog after an outage drains over a few runs without starving shutdown. */
const MAX_BATCHES_PER_RUN = 25;

/**
 * Step deadlines: every ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS, lock the waiting
 * sagas whose deadline passed and let the orchestrator compensate (or re-send
 * an overdue compensation). Replica-safe: FOR UPDATE SKIP LOCKED hands each
 * overdue saga to exactly one replica's transaction, and a saga being advanced
 * by a reply right now is skipped, then re-checked under its lock next time.
 * State lives only in order_db, so a restarted service picks up where the
 * crashed one stopped.
 */
@Injectable()
export class SagaTimeoutJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sagas: SagaRepository,
    private readonly orchestrator: PlaceOrderSagaOrchestrator,
    @Inject(APP_CONFIG) config: OrderConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new PeriodicJob(
      'saga-timeouts',
      config.ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS,
      () => this.runOnce(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Handles every saga overdue now; returns how many. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
      const handled = await this.dataSource.transaction(async (tx) => {
        const now = new Date();
        const overdue = await this.sagas.lockOverdue(tx, now, BATCH_SIZE);
        for (const { state, trace } of overdue) {
          // A savepoint per saga: one that cannot be handled (a bug) is logged and retried
          // next run without rolling back, or blocking, the others of the batch. In the
          // order's own trace, so the compensation it sends out stays in that trace (P20).
          await withContinuedTrace(trace, 'saga step deadline', { 'shop.order.id': state.orderId }, () =>
            tx.transaction((savepoint) => this.orchestrator.onOverdue(savepoint, state, now)),
          ).catch((error: unknown) =>
            this.logger.error({ err: error, orderId: state.orderId }, 'overdue saga could not be handled'),
          );
        }
        return overdue.length;
      });
      total += handled;
      if (handled < BATCH_SIZE) break;
    }
    return total;
  }
}
