import { Inject, Injectable } from '@nestjs/common';
import { AuthorizePaymentV1, type AuthorizePaymentV1Data, type EventEnvelope } from '@shop/contracts';
import type { EventHandler } from '@shop/messaging';
import { LOGGER, type Logger } from '@shop/platform';
import { Payment, PaymentErrors, PaymentFailureCode } from '@shop/payment-domain';
import { Money } from '@shop/shared-kernel';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PaymentActionRepository } from '../actions/payment-action.repository';
import { PaymentMessages } from '../messages/payment-messages';
import { PaymentRepository } from '../persistence/payment.repository';

/**
 * AuthorizePayment (saga command). Runs in the inbox transaction and does
 * NOT call the provider: it records the payment (AUTHORIZING) and an AUTHORIZE
 * action, and commits. The action worker makes the call outside any
 * transaction, then records the outcome and the reply in a second one. A
 * repeated command for the same order gets the stored outcome and never a
 * second authorization.
 */
@Injectable()
export class AuthorizePaymentHandler implements EventHandler<AuthorizePaymentV1Data> {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly actions: PaymentActionRepository,
    private readonly messages: PaymentMessages,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: EventEnvelope<AuthorizePaymentV1Data>, tx: EntityManager): Promise<void> {
    const command = AuthorizePaymentV1.schema.parse(event.data);
    const existing = await this.payments.findByOrderId(command.orderId, { tx, forUpdate: true });
    if (existing) return this.repeated(tx, existing);

    const amount = Money.of(command.amount.amountMinor, command.amount.currency, PaymentErrors.invalidAmount);
    const started = amount.ok
      ? Payment.start({
          id: randomUUID(),
          orderId: command.orderId,
          customerId: command.customerId,
          amount: amount.value,
          paymentMethodToken: command.paymentMethodToken,
          now: new Date(),
        })
      : amount;
    if (!started.ok) {
      // Nothing to authorize (e.g. a zero total): a decline, without asking the provider.
      await this.messages.replyAuthorizationFailed(
        tx,
        command.orderId,
        PaymentFailureCode.DECLINED,
        started.error.message,
      );
      return;
    }
    const payment = started.value;
    if (!(await this.payments.insert(tx, payment))) {
      // Another consumer inserted it a moment ago: retry the message, it then takes the repeated path.
      throw new Error(`payment for order ${command.orderId} was created concurrently; retrying`);
    }
    await this.actions.enqueue(tx, {
      paymentId: payment.snapshot.id,
      orderId: command.orderId,
      kind: 'AUTHORIZE',
    });
  }

  private async repeated(tx: EntityManager, payment: Payment): Promise<void> {
    if (payment.authorizationOutcome().kind === 'pending') {
      // The pending AUTHORIZE action's reply answers this command too.
      this.logger.info({ orderId: payment.snapshot.orderId }, 'AuthorizePayment repeated while authorizing');
      return;
    }
    await this.messages.replyAuthorization(tx, payment);
  }
}
