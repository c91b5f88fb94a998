import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from '@opentelemetry/api';
import type { ForwardStep, SagaOutcome, SagaReplyKind } from '@shop/order-domain';
import { getMeter } from '@shop/platform';

export type IdempotencyOutcome = 'created' | 'replayed' | 'key_reused' | 'in_progress' | 'taken_over';

const SAGA_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30, 60, 120];

/**
 * Business metrics of the order service, on the service's one registry next to
 * the runtime ones. Labels come from closed sets only: an outcome,
 * a step name, a reply kind, never an order or customer id or a free-text code.
 */
@Injectable()
export class OrderMetrics {
  private readonly idempotency: Counter;
  private readonly sagasFinished: Counter;
  private readonly sagaDuration: Histogram;
  private readonly repliesIgnored: Counter;
  private readonly stepTimeouts: Counter;

  constructor() {
    const meter = getMeter();
    this.idempotency = meter.createCounter('order_place_requests_total', {
      description:
        'PlaceOrder requests by Idempotency-Key outcome (created, replayed, key_reused, in_progress, taken_over)',
    });
    this.sagasFinished = meter.createCounter('order_sagas_finished_total', {
      description: 'Place-order sagas that reached CONFIRMED or CANCELLED, by outcome and failed step',
    });
    this.sagaDuration = meter.createHistogram('order_saga_duration_seconds', {
      description: 'Time from placing an order to its saga finishing',
      unit: 's',
      advice: { explicitBucketBoundaries: SAGA_DURATION_BUCKETS },
    });
    this.repliesIgnored = meter.createCounter('order_saga_replies_ignored_total', {
      description: 'Duplicate, late or out-of-order saga replies that changed nothing',
    });
    this.stepTimeouts = meter.createCounter('order_saga_step_timeouts_total', {
      description: 'Saga steps (forward or compensation) whose reply did not arrive before the deadline',
    });
  }

  placeRequest(outcome: IdempotencyOutcome): void {
    this.idempotency.add(1, { outcome });
  }

  sagaFinished(outcome: SagaOutcome, failedStep: ForwardStep | null, startedAt: Date, now: Date): void {
    const labels = { outcome: outcome.status.toLowerCase(), failed_step: failedStep ?? 'none' };
    this.sagasFinished.add(1, labels);
    this.sagaDuration.record(Math.max(0, now.getTime() - startedAt.getTime()) / 1000, labels);
  }

  replyIgnored(reply: SagaReplyKind): void {
    this.repliesIgnored.add(1, { reply });
  }

  stepTimedOut(step: string): void {
    this.stepTimeouts.add(1, { step });
  }
}
