import { Injectable } from '@nestjs/common';
import type { ForwardStep, SagaOutcome, SagaReplyKind } from '@shop/order-domain';
import { createInstruments } from '@shop/platform';

export type IdempotencyOutcome = 'created' | 'replayed' | 'key_reused' | 'in_progress' | 'taken_over';

const SAGA_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30, 60, 120];

/**
 * Business metrics of the order service, on the service's one registry next to
 * the runtime ones. Labels come from closed sets only: an outcome,
 * a step name, a reply kind, never an order or customer id or a free-text code.
 */
@Injectable()
export class OrderMetrics {
  private readonly metric = createInstruments({
    placeRequests: {
      counter: 'order_place_requests_total',
      description:
        'PlaceOrder requests by Idempotency-Key outcome (created, replayed, key_reused, in_progress, taken_over)',
    },
    sagasFinished: {
      counter: 'order_sagas_finished_total',
      description: 'Place-order sagas that reached CONFIRMED or CANCELLED, by outcome and failed step',
    },
    sagaDuration: {
      histogram: 'order_saga_duration_seconds',
      description: 'Time from placing an order to its saga finishing',
      unit: 's',
      buckets: SAGA_DURATION_BUCKETS,
    },
    repliesIgnored: {
      counter: 'order_saga_replies_ignored_total',
      description: 'Duplicate, late or out-of-order saga replies that changed nothing',
    },
    stepTimeouts: {
      counter: 'order_saga_step_timeouts_total',
      description: 'Saga steps (forward or compensation) whose reply did not arrive before the deadline',
    },
  });

  placeRequest(outcome: IdempotencyOutcome): void {
    this.metric.placeRequests.add(1, { outcome });
  }

  sagaFinished(outcome: SagaOutcome, failedStep: ForwardStep | null, startedAt: Date, now: Date): void {
    const labels = { outcome: outcome.status.toLowerCase(), failed_step: failedStep ?? 'none' };
    this.metric.sagasFinished.add(1, labels);
    this.metric.sagaDuration.record(Math.max(0, now.getTime() - startedAt.getTime()) / 1000, labels);
  }

  replyIgnored(reply: SagaReplyKind): void {
    this.metric.repliesIgnored.add(1, { reply });
  }

  stepTimedOut(step: string): void {
    this.metric.stepTimeouts.add(1, { step });
  }
}
