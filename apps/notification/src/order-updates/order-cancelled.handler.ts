import { Injectable } from '@nestjs/common';
import { EventEnvelope, OrderCancelledV1, OrderCancelledV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { CustomerProjection } from '../customers/customer-projection';
import { NotificationRecorder } from '../recording/notification-recorder';
import { orderCancelledEmail } from '../templates/order-cancelled.template';

/** order.cancelled.v1 -> a PENDING cancellation email with the reason (inbox transaction). */
@Injectable()
export class OrderCancelledHandler implements EventHandler<OrderCancelledV1Data> {
  constructor(
    private readonly customers: CustomerProjection,
    private readonly recorder: NotificationRecorder,
  ) {}

  async handle(event: EventEnvelope<OrderCancelledV1Data>, tx: EntityManager): Promise<void> {
    const order = OrderCancelledV1.schema.parse(event.data);
    const to = await this.customers.recipientFor(tx, order.customerId);
    await this.recorder.record(tx, event, 'order_cancelled', to, orderCancelledEmail(to, order));
  }
}
