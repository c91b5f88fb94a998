import { Injectable } from '@nestjs/common';
import { CancelPaymentV1, type CancelPaymentV1Data, type EventEnvelope } from '@shop/contracts';
import type { EventHandler } from '@shop/messaging';
import type { EntityManager } from 'typeorm';
import { PaymentActionRepository } from '../actions/payment-action.repository';
import { PaymentMessages } from '../messages/payment-messages';
import { PaymentRepository } from '../persistence/payment.repository';

/**
 * CancelPayment: the saga's compensation, in the inbox transaction. Void
 * if authorized, refund if captured, NOTHING_TO_CANCEL if nothing was ever
 * authorized. The provider call is a CANCEL action that runs after any earlier
 * action of the order (an authorization still running, a capture being
 * retried), so it decides void vs refund on the state those leave behind.
 */
@Injectable()
export class CancelPaymentHandler implements EventHandler<CancelPaymentV1Data> {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly actions: PaymentActionRepository,
    private readonly messages: PaymentMessages,
  ) {}

  async handle(event: EventEnvelope<CancelPaymentV1Data>, tx: EntityManager): Promise<void> {
    const { orderId, reason } = CancelPaymentV1.schema.parse(event.data);
    // Commands of one order share a partition (key = orderId): no payment here means
    // AuthorizePayment was never sent, so there is nothing to cancel.
    const payment = await this.payments.findByOrderId(orderId, { tx, forUpdate: true });
    if (!payment) return this.messages.replyCancelled(tx, orderId, 'NOTHING_TO_CANCEL');
    switch (payment.cancelDecision()) {
      case 'ALREADY_VOIDED':
        return this.messages.replyCancelled(tx, orderId, 'VOIDED');
      case 'ALREADY_REFUNDED':
        return this.messages.replyCancelled(tx, orderId, 'REFUNDED');
      case 'NOTHING_TO_CANCEL':
        return this.messages.replyCancelled(tx, orderId, 'NOTHING_TO_CANCEL');
      default:
        await this.actions.enqueue(tx, {
          paymentId: payment.snapshot.id,
          orderId,
          kind: 'CANCEL',
          note: reason,
        });
    }
  }
}
