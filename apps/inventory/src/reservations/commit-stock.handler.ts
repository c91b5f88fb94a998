import { Injectable } from '@nestjs/common';
import { CommitStockV1, CommitStockV1Data, EventEnvelope } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { ReservationMetrics } from './reservation-metrics';
import { ReservationReplies } from './reservation-replies';
import { StockReservations } from './stock-reservations';

/** CommitStock -> StockCommitted (also when already committed) | StockReservationFailed (nothing held). */
@Injectable()
export class CommitStockHandler implements EventHandler<CommitStockV1Data> {
  constructor(
    private readonly reservations: StockReservations,
    private readonly replies: ReservationReplies,
    private readonly metrics: ReservationMetrics,
  ) {}

  async handle(event: EventEnvelope<CommitStockV1Data>, tx: EntityManager): Promise<void> {
    const { orderId } = CommitStockV1.schema.parse(event.data);
    const decision = await this.reservations.commit(tx, orderId.toLowerCase());
    await this.replies.commitDecision(tx, orderId, decision);
    if (decision.outcome === 'committed') this.metrics.record('commit', 'committed');
    else this.metrics.record('commit', 'refused', decision.failure.code);
  }
}
