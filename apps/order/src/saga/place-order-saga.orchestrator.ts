import { Inject, Injectable } from '@nestjs/common';
import { captureTraceContext, OutboxWriter } from '@shop/messaging';
import {
  handleSagaEvent,
  Order,
  placeOrderSaga,
  type PlaceOrderSagaState,
  type SagaDefinition,
  type SagaOutcome,
  type SagaReply,
  type SagaTransition,
  startSaga,
} from '@shop/order-domain';
import { APP_CONFIG, backoffDelayMs, LOGGER, type Logger } from '@shop/platform';
import type { EntityManager } from 'typeorm';
import { OrderMetrics } from '../order-metrics';
import { toOrderEventMessage } from '../order-events.mapper';
import type { OrderConfig } from '../order.config';
import { OrderRepository } from '../persistence/order.repository';
import { type HistoryCause, SagaRepository } from '../persistence/saga.repository';
import { toSagaMessage } from './participants/participant-messages';

/**
 * The place-order saga's orchestrator (cross-service consistency through a
 * saga, never a distributed transaction): the only code that moves a saga. Every
 * input (the order being placed, a participant's reply, a deadline passing) is
 * handled in ONE database transaction that locks the saga row, runs the pure
 * saga engine on its table (libs/order/domain/src/lib/saga), saves the new state and its history, and
 * records the next commands and the order's events in the outbox. A reply
 * arrives through the inbox in that same transaction. So whatever crashes
 * when, the saga is either before or after the input, never half-way, and it
 * resumes from the database: the relay re-sends what was recorded, Kafka
 * redelivers what was not committed, the timeout job catches what went silent.
 */
@Injectable()
export class PlaceOrderSagaOrchestrator {
  private readonly saga: SagaDefinition;

  constructor(
    private readonly sagas: SagaRepository,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
    private readonly metrics: OrderMetrics,
    @Inject(APP_CONFIG) config: OrderConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const stepTimeoutMs = config.ORDER_SAGA_STEP_TIMEOUT_MS;
    this.saga = placeOrderSaga({
      stepTimeoutMs,
      // Re-send n waits 2^n step timeouts, at most 16: a participant that is down
      // gets a few re-sends an hour, not one per timeout. No jitter: one saga, one timer.
      compensationResendTimeoutMs: (attempt) =>
        backoffDelayMs(attempt, { baseMs: 2 * stepTimeoutMs, maxMs: 16 * stepTimeoutMs, jitter: 'none' }),
    });
  }

  /** The saga's first transition for a new order (pure; `begin` records it). */
  plan(order: Order, paymentMethodToken: string, now: Date): SagaTransition {
    const { snapshot } = order;
    return startSaga(
      this.saga,
      {
        orderId: snapshot.id,
        customerId: snapshot.customerId,
        amount: order.total.toJSON(),
        lines: snapshot.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        paymentMethodToken,
        reservationId: null,
        paymentId: null,
      },
      now,
    );
  }

  /** Records a new saga with its first command, in the transaction that creates the order. */
  async begin(tx: EntityManager, start: SagaTransition, now: Date): Promise<void> {
    // The placing request's trace: a deadline's compensation, run later by the timeout job, continues it.
    await this.sagas.insert(tx, start.state, now, captureTraceContext());
    await this.record(tx, start, now);
  }

  /** A participant's reply, inside the inbox transaction that deduplicates it. */
  async onReply(tx: EntityManager, orderId: string, reply: SagaReply, cause: HistoryCause): Promise<void> {
    // The row lock serialises every input of this order's saga, across replicas.
    const state = await this.sagas.lock(tx, orderId);
    if (!state) {
      // Not ours (another environment's order sharing the topic) or already purged: nothing to do.
      this.logger.warn({ orderId, type: cause.messageType }, 'reply for an unknown saga ignored');
      return;
    }
    const now = new Date();
    const transition = handleSagaEvent(this.saga, state, { type: 'reply', reply }, now);
    if (!transition.changed) {
      this.metrics.replyIgnored(reply.kind);
      this.logger.info(
        {
          orderId,
          type: cause.messageType,
          eventId: cause.messageId,
          status: state.status,
          step: state.step,
        },
        'saga reply ignored: duplicate, late or out of order',
      );
    }
    await this.apply(tx, transition, now, cause);
  }

  /** A saga whose deadline passed, locked by the timeout job (FOR UPDATE SKIP LOCKED). */
  async onOverdue(tx: EntityManager, state: PlaceOrderSagaState, now: Date): Promise<void> {
    const transition = handleSagaEvent(this.saga, state, { type: 'timeout' }, now);
    if (!transition.changed) return;
    const step = state.status === 'RUNNING' ? state.step : 'COMPENSATION';
    this.metrics.stepTimedOut(step);
    this.logger.warn({ orderId: state.orderId, status: state.status, step }, 'saga step timed out');
    await this.apply(tx, transition, now);
  }

  private async apply(tx: EntityManager, transition: SagaTransition, now: Date, cause?: HistoryCause) {
    if (transition.changed) await this.sagas.update(tx, transition.state, now);
    await this.record(tx, transition, now, cause);
    if (transition.outcome) await this.finish(tx, transition.state, transition.outcome, now);
  }

  private async record(tx: EntityManager, transition: SagaTransition, now: Date, cause?: HistoryCause) {
    await this.sagas.appendHistory(tx, transition.state.orderId, transition.history, cause);
    for (const command of transition.commands) await this.outbox.append(tx, toSagaMessage(command));
  }

  /** The saga ended: confirm or cancel the order and publish that fact, still in the same transaction. */
  private async finish(tx: EntityManager, saga: PlaceOrderSagaState, outcome: SagaOutcome, now: Date) {
    const snapshot = await this.orders.findById(tx, saga.orderId);
    if (!snapshot) throw new Error(`saga ${saga.orderId} has no order`);
    const order = Order.fromSnapshot(snapshot);
    const result =
      outcome.status === 'CONFIRMED' ? order.confirm(now) : order.cancel(outcome.code, outcome.reason, now);
    if (!result.ok) throw new Error(`saga ${saga.orderId} cannot finish: ${result.error.message}`);
    await this.orders.updateStatus(tx, result.value.snapshot);
    for (const event of result.value.events) await this.outbox.append(tx, toOrderEventMessage(event));
    this.metrics.sagaFinished(outcome, saga.failure?.step ?? null, snapshot.createdAt, now);
    this.logger.info(
      { orderId: saga.orderId, outcome: outcome.status, code: saga.failure?.code },
      'place-order saga finished',
    );
  }
}
