import { Injectable } from '@nestjs/common';
import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';

export type ReservationOperation = 'reserve' | 'commit' | 'release' | 'expire';
export type ReservationOutcomeLabel =
  'reserved' | 'rejected' | 'committed' | 'refused' | 'released' | 'expired';

/**
 * Business metrics of the saga participant; labels from fixed sets only
 *: operation, outcome and a failure code or stock effect. Recorded when a
 * handler finishes; an attempt rolled back and retried by the consumer counts again.
 */
@Injectable()
export class ReservationMetrics {
  private readonly outcomes: Counter = getMeter().createCounter('stock_reservation_outcomes_total', {
    description: 'Stock reservation operations by outcome; code is the failure code or the stock effect',
  });

  record(operation: ReservationOperation, outcome: ReservationOutcomeLabel, code = 'none', count = 1): void {
    this.outcomes.add(count, { operation, outcome, code });
  }
}
