import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedV1,
  PaymentCaptureFailedV1,
} from '@shop/contracts';
import type { SagaParticipant } from './saga-participant';

/** Payment in the place-order saga: authorizes, captures, and voids or refunds the order's payment. */
export const paymentParticipant: SagaParticipant = {
  commandTopic: (topology) => topology.paymentCommands,
  commands: {
    AuthorizePayment: AuthorizePaymentV1,
    CapturePayment: CapturePaymentV1,
    CancelPayment: CancelPaymentV1,
  },
  replies: {
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
  },
};
