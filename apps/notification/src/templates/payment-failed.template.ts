import type { PaymentFailedEventV1Data } from '@shop/contracts';
import { compose, type Addressee, type EmailContent } from './email-content';
import { describeFailure } from './failure-reason';
import { formatMoney } from './format-money';

/** payment.failed.v1 -> the payment for an order did not go through. */
export const paymentFailedEmail = (to: Addressee, payment: PaymentFailedEventV1Data): EmailContent =>
  compose(`Payment for order ${payment.orderId} failed`, [
    `Hello ${to.name},`,
    `The payment of ${formatMoney(payment.amount)} for order ${payment.orderId} did not go through.`,
    `Reason: ${describeFailure(payment.code, payment.reason)}`,
    'No money was taken. You are welcome to place the order again with another card.',
  ]);
