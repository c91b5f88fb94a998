import { DomainError, FieldError } from '@shop/shared-kernel';
import type { PaymentStatus } from './payment-status';

/**
 * Why a payment failed, as the rest of the shop understands it. The provider's
 * own codes (card_declined, insufficient_funds, ...) are mapped to these by the
 * anti-corruption layer and never travel further.
 */
export const PaymentFailureCode = {
  /** The card issuer said no: no retry will change that. */
  DECLINED: 'PAYMENT.DECLINED',
  /** The provider could not be reached or failed; nothing was authorized. */
  PROVIDER_UNAVAILABLE: 'PAYMENT.PROVIDER_UNAVAILABLE',
  /** The payment method token is unknown, expired or unusable. */
  INVALID_PAYMENT_METHOD: 'PAYMENT.INVALID_PAYMENT_METHOD',
  /** The provider refused to capture an authorization (e.g. it was voided or expired there). */
  CAPTURE_REJECTED: 'PAYMENT.CAPTURE_REJECTED',
} as const;

export type PaymentFailureCode = (typeof PaymentFailureCode)[keyof typeof PaymentFailureCode];

/** The failure codes an authorization can end with (the saga reply's closed set). */
export type AuthorizationFailureCode = Exclude<PaymentFailureCode, 'PAYMENT.CAPTURE_REJECTED'>;

export const PaymentErrors = {
  illegalTransition: (from: PaymentStatus, to: PaymentStatus) =>
    new DomainError('PAYMENT.ILLEGAL_TRANSITION', 'precondition', `a ${from} payment cannot become ${to}`),
  notFound: (orderId: string) =>
    new DomainError('PAYMENT.NOT_FOUND', 'not_found', `no payment exists for order ${orderId}`),
  /** An amount that is not valid money (fractional, negative, past the safe-integer range, bad currency). */
  invalidAmount: (fields: readonly FieldError[]) => DomainError.invalid('PAYMENT.INVALID_AMOUNT', fields),
  amountNotPositive: () =>
    new DomainError('PAYMENT.INVALID_AMOUNT', 'invalid', 'the amount must be at least 1 minor unit', [
      { field: 'amount.amountMinor', message: 'must be at least 1' },
    ]),
};
