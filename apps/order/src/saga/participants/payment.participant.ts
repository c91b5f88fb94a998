import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedV1,
  PaymentCaptureFailedV1,
  PaymentTopics,
} from '@shop/contracts';
import { replyOf, type SagaParticipant } from './saga-participant.port';

/** Payment in the place-order saga: authorizes, captures, and voids or refunds the order's payment. */
export const paymentParticipant: SagaParticipant = {
  commandTopic: PaymentTopics.commands,
  commands: {
    AuthorizePayment: AuthorizePaymentV1,
    CapturePayment: CapturePaymentV1,
    CancelPayment: CancelPaymentV1,
  },
  replies: {
    [PaymentAuthorizedV1.type]: replyOf(PaymentAuthorizedV1, ({ paymentId, amount }) => ({
      kind: 'PaymentAuthorized',
      paymentId,
      amount,
    })),
    [PaymentAuthorizationFailedV1.type]: replyOf(PaymentAuthorizationFailedV1, ({ code, reason }) => ({
      kind: 'PaymentAuthorizationFailed',
      code,
      reason,
    })),
    [PaymentCapturedV1.type]: replyOf(PaymentCapturedV1, ({ paymentId, amount }) => ({
      kind: 'PaymentCaptured',
      paymentId,
      amount,
    })),
    [PaymentCaptureFailedV1.type]: replyOf(PaymentCaptureFailedV1, ({ code, reason }) => ({
      kind: 'PaymentCaptureFailed',
      code,
      reason,
    })),
    [PaymentCancelledV1.type]: replyOf(PaymentCancelledV1, ({ outcome }) => ({
      kind: 'PaymentCancelled',
      outcome,
    })),
  },
};
