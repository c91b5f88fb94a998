import { Injectable } from '@nestjs/common';
import { EventEnvelope, ReserveStockV1, ReserveStockV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { ReservationMetrics } from './reservation-metrics';
import { ReservationReplies } from './reservation-replies';
import { StockReservations } from './stock-reservations';

/**
 * ReserveStock -> StockReserved | StockReservationFailed. Runs in the inbox
 * transaction: a redelivered envelope never gets here; the same order
 * sent again with a new envelope id gets the stored outcome.
 */
@Injectable()
export class ReserveStockHandler implements EventHandler<ReserveStockV1Data> {
  constructor(
    private readonly reservations: StockReservations,
    private readonly replies: ReservationReplies,
    private readonly metrics: ReservationMetrics,
  ) {}

  async handle(event: EventEnvelope<ReserveStockV1Data>, tx: EntityManager): Promise<void> {
    const { orderId, lines } = ReserveStockV1.schema.parse(event.data);
    const outcome = await this.reservations.reserve(
      tx,
      orderId.toLowerCase(),
      // Lower case: ids are sorted as strings to fix the lock order, as Postgres sorts them.
      lines.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity })),
    );
    await this.replies.reserveOutcome(tx, orderId, outcome);
    if (outcome.kind === 'reserved') this.metrics.record('reserve', 'reserved');
    else this.metrics.record('reserve', 'rejected', outcome.failure.code);
  }
}
