import { Injectable } from '@nestjs/common';
import { CapturePaymentV1, type CapturePaymentV1Data, type EventEnvelope } from '@shop/contracts';
import type { EventHandler } from '@shop/messaging';
import { PaymentFailureCode } from '@shop/payment-domain';
import type { EntityManager } from 'typeorm';
import { PaymentActionRepository } from '../actions/payment-action.repository';
import { PaymentMessages } from '../messages/payment-messages';
import { PaymentRepository } from '../persistence/payment.repository';

/**
 * CapturePayment (saga command), in the inbox transaction. Answers at
 * once when the state already decides it (captured before: the same reply
 * again; not capturable: a failure); otherwise records a CAPTURE action, which
 * the worker retries until the provider has done it.
 */
@Injectable()
export class CapturePaymentHandler implements EventHandler<CapturePaymentV1Data> {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly actions: PaymentActionRepository,
    private readonly messages: PaymentMessages,
  ) {}

  async handle(event: EventEnvelope<CapturePaymentV1Data>, tx: EntityManager): Promise<void> {
    const { orderId } = CapturePaymentV1.schema.parse(event.data);
    const payment = await this.payments.findByOrderId(orderId, { tx, forUpdate: true });
    if (!payment) {
      await this.messages.replyCaptureFailed(
        tx,
        orderId,
        'PAYMENT.NOT_FOUND',
        `no payment exists for order ${orderId}`,
      );
      return;
    }
    const decision = payment.captureDecision();
    if (decision === 'ALREADY_CAPTURED') return this.messages.replyCaptured(tx, payment);
    if (decision === 'NOT_CAPTURABLE') {
      const { failureCode, failureReason, status } = payment.snapshot;
      const rejected = failureCode === PaymentFailureCode.CAPTURE_REJECTED;
      await this.messages.replyCaptureFailed(
        tx,
        orderId,
        rejected ? PaymentFailureCode.CAPTURE_REJECTED : 'PAYMENT.NOT_CAPTURABLE',
        rejected && failureReason ? failureReason : `the payment is ${status}`,
      );
      return;
    }
    await this.actions.enqueue(tx, { paymentId: payment.snapshot.id, orderId, kind: 'CAPTURE' });
  }
}
