import { authorizePayment, samePaymentAmount } from './place-order-saga.checks';
import { compensation, type SagaDefinition, step } from './saga-engine';
import type { SagaSettings } from './saga-transition';

/**
 * The place-order saga, top to bottom; saga-engine.ts runs it (docs/saga.md). A failed step undoes
 * the steps before it, and itself when it may have acted (a timeout, a failure hiding an outcome).
 */
export const placeOrderSaga = ({
  stepTimeoutMs,
  compensationResendTimeoutMs,
}: SagaSettings): SagaDefinition => ({
  steps: [
    step({
      name: 'RESERVE_STOCK',
      invoke: (saga) => ({ kind: 'ReserveStock', orderId: saga.orderId, lines: saga.lines }),
      completedBy: 'StockReserved',
      onCompleted: (_, { reservationId: id }) => ({
        learned: { reservationId: id },
        detail: `reservation ${id}`,
      }),
      failedBy: 'StockReservationFailed', // all-or-nothing reservation: a failure holds nothing
      compensation: 'RELEASE_STOCK',
      timeoutMs: stepTimeoutMs,
    }),
    step({
      name: 'AUTHORIZE_PAYMENT',
      invoke: authorizePayment,
      forgetOnceSent: { paymentMethodToken: null }, // the card token is kept no longer than needed (PCI)
      completedBy: 'PaymentAuthorized',
      onCompleted: (saga, reply) => samePaymentAmount(saga, reply, { paymentId: reply.paymentId }),
      failedBy: 'PaymentAuthorizationFailed', // only a decline proves no money is held:
      failureIsDefiniteOnlyFor: ['PAYMENT.DECLINED', 'PAYMENT.INVALID_PAYMENT_METHOD'],
      compensation: 'CANCEL_PAYMENT',
      timeoutMs: stepTimeoutMs,
    }),
    step({
      name: 'COMMIT_STOCK',
      invoke: (saga) => ({ kind: 'CommitStock', orderId: saga.orderId }),
      completedBy: 'StockCommitted',
      compensation: 'RELEASE_STOCK', // also restocks committed units
      timeoutMs: stepTimeoutMs,
    }),
    step({
      name: 'CAPTURE_PAYMENT',
      invoke: (saga) => ({ kind: 'CapturePayment', orderId: saga.orderId }),
      completedBy: 'PaymentCaptured',
      onCompleted: (saga, reply) => samePaymentAmount(saga, reply, {}),
      failedBy: 'PaymentCaptureFailed',
      compensation: 'CANCEL_PAYMENT', // voids the authorization, or refunds the capture
      timeoutMs: stepTimeoutMs,
    }),
  ],
  compensations: {
    RELEASE_STOCK: compensation({
      invoke: (saga, reason) => ({ kind: 'ReleaseStock', orderId: saga.orderId, reason }),
      completedBy: 'StockReleased',
    }),
    CANCEL_PAYMENT: compensation({
      invoke: (saga, reason) => ({ kind: 'CancelPayment', orderId: saga.orderId, reason }),
      completedBy: 'PaymentCancelled',
      detail: (reply) => reply.outcome, // VOIDED, REFUNDED or NOTHING_TO_CANCEL
    }),
  },
  compensationTimeoutMs: stepTimeoutMs,
  compensationResendTimeoutMs, // growing: a participant that is down is not flooded
});
