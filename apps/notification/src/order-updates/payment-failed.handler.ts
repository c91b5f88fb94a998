import { Injectable } from '@nestjs/common';
import { EventEnvelope, PaymentFailedEventV1, PaymentFailedEventV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { CustomerProjection } from '../customers/customer-projection';
import { NotificationRecorder } from '../recording/notification-recorder';
import { paymentFailedEmail } from '../templates/payment-failed.template';

/** payment.failed.v1 -> a PENDING "payment failed" email with the reason (inbox transaction). */
@Injectable()
export class PaymentFailedHandler implements EventHandler<PaymentFailedEventV1Data> {
  constructor(
    private readonly customers: CustomerProjection,
    private readonly recorder: NotificationRecorder,
  ) {}

  async handle(event: EventEnvelope<PaymentFailedEventV1Data>, tx: EntityManager): Promise<void> {
    const payment = PaymentFailedEventV1.schema.parse(event.data);
    const to = await this.customers.recipientFor(tx, payment.customerId);
    await this.recorder.record(tx, event, 'payment_failed', to, paymentFailedEmail(to, payment));
  }
}
