import type { AuthorizationFailureCode } from '@shop/payment-domain';
import type { Money } from '@shop/shared-kernel';

/**
 * What the payment service asks of a card processor, in its own words.
 * The HTTP adapter behind it is the anti-corruption layer: it alone knows the
 * provider's URLs, statuses, error codes and idempotency keys.
 */
export interface PaymentGateway {
  /** Places a hold for the amount. Retried safely: one idempotency key per order. */
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  capture(request: SettleRequest & { readonly amount: Money }): Promise<SettleOutcome>;
  /** Releases a hold (an authorization never captured). */
  void(request: SettleRequest): Promise<SettleOutcome>;
  refund(request: SettleRequest): Promise<SettleOutcome>;
  /**
   * After an authorization whose outcome is unknown (timeouts): finds out
   * whether a hold exists for it and releases it, so no money stays blocked.
   */
  releaseUnknownAuthorization(request: AuthorizeRequest): Promise<SettleOutcome>;
}

export interface AuthorizeRequest {
  readonly orderId: string;
  readonly amount: Money;
  readonly paymentMethodToken: string;
}

export interface SettleRequest {
  readonly orderId: string;
  /** The provider's reference of the authorization (opaque to the domain). */
  readonly chargeId: string;
}

export type AuthorizeOutcome =
  | { readonly kind: 'authorized'; readonly chargeId: string }
  | {
      readonly kind: 'failed';
      readonly code: AuthorizationFailureCode;
      readonly reason: string;
      /** True when a hold may exist anyway (a timed-out attempt may have been processed). */
      readonly outcomeUnknown: boolean;
    };

/** Capture, void, refund: they must eventually happen, so "unavailable" means "try again later". */
export type SettleOutcome =
  | { readonly kind: 'done' }
  /** The provider refused for good (state mismatch there); retrying cannot help. */
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string; readonly retryInMs: number };

/** Injection token of the PaymentGateway port. */
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
