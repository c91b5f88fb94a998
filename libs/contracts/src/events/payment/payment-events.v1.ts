import { z } from 'zod';
import { moneySchema } from '../shared/money';

// Facts about payments, published by payment through its outbox, keyed by orderId.

const paymentFact = { paymentId: z.uuid(), orderId: z.uuid(), customerId: z.uuid(), amount: moneySchema };

export const PaymentAuthorizedEventV1 = {
  type: 'shop.payment.authorized.v1',
  topic: 'payment.authorized.v1',
  schema: z.object(paymentFact),
} as const;
export const PaymentCapturedEventV1 = {
  type: 'shop.payment.captured.v1',
  topic: 'payment.captured.v1',
  schema: z.object(paymentFact),
} as const;
export const PaymentFailedEventV1 = {
  type: 'shop.payment.failed.v1',
  topic: 'payment.failed.v1',
  schema: z.object({ ...paymentFact, code: z.string().min(1), reason: z.string() }),
} as const;
export const PaymentRefundedEventV1 = {
  type: 'shop.payment.refunded.v1',
  topic: 'payment.refunded.v1',
  schema: z.object(paymentFact),
} as const;

export type PaymentFailedEventV1Data = z.infer<typeof PaymentFailedEventV1.schema>;
export type PaymentEventV1Data = z.infer<typeof PaymentAuthorizedEventV1.schema>;
