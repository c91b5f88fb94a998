import { z } from 'zod';
import { defineEvent } from '../define-event';
import { moneySchema } from '../shared/money';

/**
 * The place-order saga's conversation with payment. Commands go to
 * `payment.commands.v1`, replies to `payment.replies.v1`, keyed by orderId,
 * through outbox and inbox. Idempotent per orderId. Card data never
 * travels here: the client tokenises the card with the payment provider and the
 * order carries only the provider's `paymentMethodToken` (PCI scope stays small).
 */
export const PaymentTopics = { commands: 'payment.commands.v1', replies: 'payment.replies.v1' } as const;

const orderId = z.uuid();

export const AuthorizePaymentV1 = defineEvent('shop.payment.authorize-payment.v1', PaymentTopics.commands, {
  orderId,
  customerId: z.uuid(),
  amount: moneySchema,
  paymentMethodToken: z.string().min(1).max(200),
});
export const CapturePaymentV1 = defineEvent('shop.payment.capture-payment.v1', PaymentTopics.commands, {
  orderId,
});
/** Compensation: voids an authorization, or refunds a capture; a no-op reply if nothing was authorized. */
export const CancelPaymentV1 = defineEvent('shop.payment.cancel-payment.v1', PaymentTopics.commands, {
  orderId,
  reason: z.string().min(1).max(500),
});

export const PaymentAuthorizedV1 = defineEvent('shop.payment.payment-authorized.v1', PaymentTopics.replies, {
  orderId,
  paymentId: z.uuid(),
  amount: moneySchema,
});
export const PaymentAuthorizationFailedV1 = defineEvent(
  'shop.payment.payment-authorization-failed.v1',
  PaymentTopics.replies,
  {
    orderId,
    code: z.enum(['PAYMENT.DECLINED', 'PAYMENT.PROVIDER_UNAVAILABLE', 'PAYMENT.INVALID_PAYMENT_METHOD']),
    reason: z.string(),
  },
);
export const PaymentCapturedV1 = defineEvent('shop.payment.payment-captured.v1', PaymentTopics.replies, {
  orderId,
  paymentId: z.uuid(),
  amount: moneySchema,
});
export const PaymentCaptureFailedV1 = defineEvent(
  'shop.payment.payment-capture-failed.v1',
  PaymentTopics.replies,
  { orderId, code: z.string(), reason: z.string() },
);
export const PaymentCancelledV1 = defineEvent('shop.payment.payment-cancelled.v1', PaymentTopics.replies, {
  orderId,
  outcome: z.enum(['VOIDED', 'REFUNDED', 'NOTHING_TO_CANCEL']),
});

export type AuthorizePaymentV1Data = z.infer<typeof AuthorizePaymentV1.schema>;
export type CapturePaymentV1Data = z.infer<typeof CapturePaymentV1.schema>;
export type CancelPaymentV1Data = z.infer<typeof CancelPaymentV1.schema>;
export type PaymentAuthorizedV1Data = z.infer<typeof PaymentAuthorizedV1.schema>;
export type PaymentAuthorizationFailedV1Data = z.infer<typeof PaymentAuthorizationFailedV1.schema>;
export type PaymentCapturedV1Data = z.infer<typeof PaymentCapturedV1.schema>;
export type PaymentCaptureFailedV1Data = z.infer<typeof PaymentCaptureFailedV1.schema>;
export type PaymentCancelledV1Data = z.infer<typeof PaymentCancelledV1.schema>;
