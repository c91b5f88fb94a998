import {
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedV1,
  PaymentCaptureFailedV1,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import type { SagaReply } from '@shop/order-domain';

export interface ParsedReply {
  readonly orderId: string;
  readonly reply: SagaReply;
}

/**
 * Versioned reply message -> domain reply, validated against its schema. A
 * reply that does not parse throws: the consumer retries, then parks it on the
 * dead-letter topic (P27) rather than guessing.
 */
const PARSERS: Readonly<Record<string, (data: unknown) => ParsedReply>> = {
  [StockReservedV1.type]: (data) => {
    const { orderId, reservationId } = StockReservedV1.schema.parse(data);
    return { orderId, reply: { kind: 'StockReserved', reservationId } };
  },
  [StockReservationFailedV1.type]: (data) => {
    const { orderId, code, reason } = StockReservationFailedV1.schema.parse(data);
    return { orderId, reply: { kind: 'StockReservationFailed', code, reason } };
  },
  [StockCommittedV1.type]: (data) => {
    const { orderId } = StockCommittedV1.schema.parse(data);
    return { orderId, reply: { kind: 'StockCommitted' } };
  },
  [StockReleasedV1.type]: (data) => {
    const { orderId } = StockReleasedV1.schema.parse(data);
    return { orderId, reply: { kind: 'StockReleased' } };
  },
  [PaymentAuthorizedV1.type]: (data) => {
    const { orderId, paymentId, amount } = PaymentAuthorizedV1.schema.parse(data);
    return { orderId, reply: { kind: 'PaymentAuthorized', paymentId, amount } };
  },
  [PaymentAuthorizationFailedV1.type]: (data) => {
    const { orderId, code, reason } = PaymentAuthorizationFailedV1.schema.parse(data);
    return { orderId, reply: { kind: 'PaymentAuthorizationFailed', code, reason } };
  },
  [PaymentCapturedV1.type]: (data) => {
    const { orderId, paymentId, amount } = PaymentCapturedV1.schema.parse(data);
    return { orderId, reply: { kind: 'PaymentCaptured', paymentId, amount } };
  },
  [PaymentCaptureFailedV1.type]: (data) => {
    const { orderId, code, reason } = PaymentCaptureFailedV1.schema.parse(data);
    return { orderId, reply: { kind: 'PaymentCaptureFailed', code, reason } };
  },
  [PaymentCancelledV1.type]: (data) => {
    const { orderId, outcome } = PaymentCancelledV1.schema.parse(data);
    return { orderId, reply: { kind: 'PaymentCancelled', outcome } };
  },
};

/** Every reply type the orchestrator consumes (inventory.replies.v1 and payment.replies.v1). */
export const SAGA_REPLY_TYPES: readonly string[] = Object.keys(PARSERS);

export function parseSagaReply(type: string, data: unknown): ParsedReply {
  const parse = PARSERS[type];
  if (!parse) throw new Error(`${type} is not a place-order saga reply`);
  return parse(data);
}
