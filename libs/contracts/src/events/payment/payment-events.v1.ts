import { z } from 'zod';
import { defineEvent } from '../define-event';
import { moneySchema } from '../shared/money';

// Facts about payments, published by payment through its outbox, keyed by orderId.

const paymentFact = { paymentId: z.uuid(), orderId: z.uuid(), customerId: z.uuid(), amount: moneySchema };

export const PaymentAuthorizedEventV1 = defineEvent(
  'shop.payment.authorized.v1',
  'payment.authorized.v1',
  paymentFact,
);
export const PaymentCapturedEventV1 = defineEvent(
  'shop.payment.captured.v1',
  'payment.captured.v1',
  paymentFact,
);
export const PaymentFailedEventV1 = defineEvent('shop.payment.failed.v1', 'payment.failed.v1', {
  ...paymentFact,
  code: z.string().min(1),
  reason: z.string(),
});
export const PaymentRefundedEventV1 = defineEvent(
  'shop.payment.refunded.v1',
  'payment.refunded.v1',
  paymentFact,
);

export type PaymentFailedEventV1Data = z.infer<typeof PaymentFailedEventV1.schema>;
export type PaymentEventV1Data = z.infer<typeof PaymentAuthorizedEventV1.schema>;
