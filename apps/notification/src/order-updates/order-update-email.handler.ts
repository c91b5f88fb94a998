import { Injectable } from '@nestjs/common';
import { EventEnvelope, OrderCancelledV1, OrderConfirmedV1, PaymentFailedEventV1 } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { CustomerProjection } from '../customers/customer-projection';
import type { NotificationKind } from '../notification-kind';
import { NotificationRecorder } from '../recording/notification-recorder';
import type { Addressee, EmailContent } from '../templates/email-content';
import { orderCancelledEmail } from '../templates/order-cancelled.template';
import { orderConfirmedEmail } from '../templates/order-confirmed.template';
import { paymentFailedEmail } from '../templates/payment-failed.template';

/** What an order event says once parsed: whose order it is, and the email it becomes. */
interface OrderUpdate {
  readonly customerId: string;
  readonly kind: NotificationKind;
  readonly email: (to: Addressee) => EmailContent;
}

/** One row of the table: the event's schema (wire data is parsed, never trusted), its kind, its template. */
function emailOn<T extends { readonly customerId: string }>(
  schema: { parse(data: unknown): T },
  kind: NotificationKind,
  template: (to: Addressee, data: T) => EmailContent,
): (data: unknown) => OrderUpdate {
  return (data) => {
    const parsed = schema.parse(data);
    return { customerId: parsed.customerId, kind, email: (to) => template(to, parsed) };
  };
}

/** Event type -> the email it records. The consumer routes these types here (notification-app.module.ts). */
const ORDER_UPDATE_EMAILS: Readonly<Record<string, (data: unknown) => OrderUpdate>> = {
  [OrderConfirmedV1.type]: emailOn(OrderConfirmedV1.schema, 'order_confirmed', orderConfirmedEmail),
  [OrderCancelledV1.type]: emailOn(OrderCancelledV1.schema, 'order_cancelled', orderCancelledEmail),
  [PaymentFailedEventV1.type]: emailOn(PaymentFailedEventV1.schema, 'payment_failed', paymentFailedEmail),
};

/** An order update (confirmed, cancelled, payment failed) -> a PENDING email to its customer (inbox transaction). */
@Injectable()
export class OrderUpdateEmailHandler implements EventHandler {
  constructor(
    private readonly customers: CustomerProjection,
    private readonly recorder: NotificationRecorder,
  ) {}

  async handle(event: EventEnvelope, tx: EntityManager): Promise<void> {
    const read = ORDER_UPDATE_EMAILS[event.type];
    if (!read) throw new Error(`no order-update email for event type ${event.type}`);
    const update = read(event.data);
    // Unknown customer -> UnknownCustomerError: rolled back, retried with backoff, then DLT.
    const to = await this.customers.recipientFor(tx, update.customerId);
    await this.recorder.record(tx, event, update.kind, to, update.email(to));
  }
}
