import type { MoneyValue } from '../order-events';
import type { RequestedLine } from '../order';

/**
 * The saga's conversation in domain terms. The app maps these to and from the
 * versioned wire schemas (libs/contracts/src/events/saga), so the state machine
 * stays pure and testable without Kafka.
 */
export type SagaCommand =
  | { readonly kind: 'ReserveStock'; readonly orderId: string; readonly lines: readonly RequestedLine[] }
  | {
      readonly kind: 'AuthorizePayment';
      readonly orderId: string;
      readonly customerId: string;
      readonly amount: MoneyValue;
      readonly paymentMethodToken: string;
    }
  | { readonly kind: 'CommitStock'; readonly orderId: string }
  | { readonly kind: 'CapturePayment'; readonly orderId: string }
  | { readonly kind: 'ReleaseStock'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'CancelPayment'; readonly orderId: string; readonly reason: string };

export type SagaReply =
  | { readonly kind: 'StockReserved'; readonly reservationId: string }
  | { readonly kind: 'StockReservationFailed'; readonly code: string; readonly reason: string }
  | { readonly kind: 'StockCommitted' }
  | { readonly kind: 'StockReleased' }
  | { readonly kind: 'PaymentAuthorized'; readonly paymentId: string; readonly amount: MoneyValue }
  | { readonly kind: 'PaymentAuthorizationFailed'; readonly code: string; readonly reason: string }
  | { readonly kind: 'PaymentCaptured'; readonly paymentId: string; readonly amount: MoneyValue }
  | { readonly kind: 'PaymentCaptureFailed'; readonly code: string; readonly reason: string }
  | { readonly kind: 'PaymentCancelled'; readonly outcome: 'VOIDED' | 'REFUNDED' | 'NOTHING_TO_CANCEL' };

export type SagaCommandKind = SagaCommand['kind'];
export type SagaReplyKind = SagaReply['kind'];
