import type { OrderConfirmedV1Data } from '@shop/contracts';
import { compose, type Addressee, type EmailContent } from './email-content';
import { formatMoney } from './format-money';

/** order.confirmed.v1 -> the order is paid and will ship. */
export const orderConfirmedEmail = (to: Addressee, order: OrderConfirmedV1Data): EmailContent =>
  compose(`Your order ${order.orderId} is confirmed`, [
    `Hello ${to.name},`,
    `Thank you for your order. Order ${order.orderId} is confirmed and paid: ${formatMoney(order.total)}.`,
    'We will let you know when it ships.',
  ]);
