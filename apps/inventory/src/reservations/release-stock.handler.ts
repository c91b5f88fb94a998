import { Injectable } from '@nestjs/common';
import { EventEnvelope, ReleaseStockV1, ReleaseStockV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { ReservationMetrics } from './reservation-metrics';
import { ReservationReplies } from './reservation-replies';
import { StockReservations } from './stock-reservations';

/** ReleaseStock (compensation) -> StockReleased, always: releasing nothing is a successful no-op. */
@Injectable()
export class ReleaseStockHandler implements EventHandler<ReleaseStockV1Data> {
  constructor(
    private readonly reservations: StockReservations,
    private readonly replies: ReservationReplies,
    private readonly metrics: ReservationMetrics,
  ) {}

  async handle(event: EventEnvelope<ReleaseStockV1Data>, tx: EntityManager): Promise<void> {
    const { orderId } = ReleaseStockV1.schema.parse(event.data);
    const effect = await this.reservations.release(tx, orderId.toLowerCase());
    await this.replies.released(tx, orderId);
    this.metrics.record('release', 'released', effect);
  }
}
