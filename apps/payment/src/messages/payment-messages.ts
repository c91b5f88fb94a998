import { Injectable } from '@nestjs/common';
import {
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedEventV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedEventV1,
  PaymentCapturedV1,
  PaymentCaptureFailedV1,
  PaymentFailedEventV1,
  PaymentRefundedEventV1,
  PaymentTopics,
  type PaymentCancelledV1Data,
} from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import type { AuthorizationFailureCode, Payment, PaymentDomainEvent } from '@shop/payment-domain';
import type { EntityManager } from 'typeorm';

interface Message<T> {
  readonly type: string;
  readonly schema: { parse(data: unknown): T };
}

/**
 * Everything payment tells the rest of the shop, always through the outbox in
 * the caller's transaction: saga replies on `payment.replies.v1` and facts
 * on `payment.<fact>.v1`, all keyed by orderId so one order's messages stay in
 * order. Payloads are validated against the published schemas before they leave.
 */
@Injectable()
export class PaymentMessages {
  constructor(private readonly outbox: OutboxWriter) {}

  /** The facts for the transitions the payment just made (its domain events). */
  async publishFacts(
    tx: EntityManager,
    payment: Payment,
    events: readonly PaymentDomainEvent[],
  ): Promise<void> {
    const { id: paymentId, orderId, customerId, amount } = payment.snapshot;
    const fact = { paymentId, orderId, customerId, amount: amount.toJSON() };
    for (const event of events) {
      if (event.type === 'PaymentAuthorized')
        await this.send(tx, PaymentAuthorizedEventV1.topic, PaymentAuthorizedEventV1, orderId, fact);
      if (event.type === 'PaymentCaptured')
        await this.send(tx, PaymentCapturedEventV1.topic, PaymentCapturedEventV1, orderId, fact);
      if (event.type === 'PaymentRefunded')
        await this.send(tx, PaymentRefundedEventV1.topic, PaymentRefundedEventV1, orderId, fact);
      if (event.type === 'PaymentFailed') {
        await this.send(tx, PaymentFailedEventV1.topic, PaymentFailedEventV1, orderId, {
          ...fact,
          code: event.code,
          reason: event.reason,
        });
      }
      // A void has no fact topic: the saga's PaymentCancelled reply is the record of it.
    }
  }

  /** The answer to AuthorizePayment from the payment's (final) state; also for a repeated command. */
  async replyAuthorization(tx: EntityManager, payment: Payment): Promise<void> {
    const outcome = payment.authorizationOutcome();
    const { id: paymentId, orderId, amount } = payment.snapshot;
    if (outcome.kind === 'pending') throw new Error(`payment of order ${orderId} is still authorizing`);
    if (outcome.kind === 'authorized') {
      await this.send(tx, PaymentTopics.replies, PaymentAuthorizedV1, orderId, {
        orderId,
        paymentId,
        amount: amount.toJSON(),
      });
      return;
    }
    await this.replyAuthorizationFailed(tx, orderId, outcome.code, outcome.reason);
  }

  async replyAuthorizationFailed(
    tx: EntityManager,
    orderId: string,
    code: AuthorizationFailureCode,
    reason: string,
  ): Promise<void> {
    await this.send(tx, PaymentTopics.replies, PaymentAuthorizationFailedV1, orderId, {
      orderId,
      code,
      reason,
    });
  }

  async replyCaptured(tx: EntityManager, payment: Payment): Promise<void> {
    const { id: paymentId, orderId, amount } = payment.snapshot;
    await this.send(tx, PaymentTopics.replies, PaymentCapturedV1, orderId, {
      orderId,
      paymentId,
      amount: amount.toJSON(),
    });
  }

  async replyCaptureFailed(tx: EntityManager, orderId: string, code: string, reason: string): Promise<void> {
    await this.send(tx, PaymentTopics.replies, PaymentCaptureFailedV1, orderId, { orderId, code, reason });
  }

  async replyCancelled(
    tx: EntityManager,
    orderId: string,
    outcome: PaymentCancelledV1Data['outcome'],
  ): Promise<void> {
    await this.send(tx, PaymentTopics.replies, PaymentCancelledV1, orderId, { orderId, outcome });
  }

  private async send<T>(
    tx: EntityManager,
    topic: string,
    message: Message<T>,
    orderId: string,
    data: unknown,
  ) {
    await this.outbox.append(tx, {
      topic,
      type: message.type,
      subject: orderId,
      data: message.schema.parse(data),
    });
  }
}
