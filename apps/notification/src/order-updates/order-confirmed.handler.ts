import { Injectable } from '@nestjs/common';
import { EventEnvelope, OrderConfirmedV1, OrderConfirmedV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { CustomerProjection } from '../customers/customer-projection';
import { NotificationRecorder } from '../recording/notification-recorder';
import { orderConfirmedEmail } from '../templates/order-confirmed.template';

/** order.confirmed.v1 -> a PENDING confirmation email (inbox transaction). */
@Injectable()
export class OrderConfirmedHandler implements EventHandler<OrderConfirmedV1Data> {
  constructor(
    private readonly customers: CustomerProjection,
    private readonly recorder: NotificationRecorder,
  ) {}

  async handle(event: EventEnvelope<OrderConfirmedV1Data>, tx: EntityManager): Promise<void> {
    const order = OrderConfirmedV1.schema.parse(event.data);
    // Unknown customer -> UnknownCustomerError: rolled back, retried with backoff, then DLT.
    const to = await this.customers.recipientFor(tx, order.customerId);
    await this.recorder.record(tx, event, 'order_confirmed', to, orderConfirmedEmail(to, order));
  }
}
