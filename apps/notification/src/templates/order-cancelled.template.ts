import type { OrderCancelledV1Data } from '@shop/contracts';
import { compose, type Addressee, type EmailContent } from './email-content';
import { describeFailure } from './failure-reason';
import { formatMoney } from './format-money';

/** order.cancelled.v1 -> cancelled, with the reason; nothing was charged (the saga compensated). */
export const orderCancelledEmail = (to: Addressee, order: OrderCancelledV1Data): EmailContent =>
  compose(`Your order ${order.orderId} was cancelled`, [
    `Hello ${to.name},`,
    `We are sorry: order ${order.orderId} (${formatMoney(order.total)}) was cancelled.`,
    `Reason: ${describeFailure(order.code, order.reason)}`,
    'You have not been charged for it.',
  ]);
