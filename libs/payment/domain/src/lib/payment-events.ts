import type { PaymentFailureCode } from './payment-errors';

/**
 * Domain events the Payment aggregate records on each transition. The service
 * turns them into saga replies and `payment.*.v1` facts in the same transaction
 * as the state change (outbox).
 */
export type PaymentDomainEvent =
  | { readonly type: 'PaymentAuthorized'; readonly at: Date }
  | { readonly type: 'PaymentCaptured'; readonly at: Date }
  | { readonly type: 'PaymentVoided'; readonly at: Date }
  | { readonly type: 'PaymentRefunded'; readonly at: Date }
  | {
      readonly type: 'PaymentFailed';
      readonly at: Date;
      readonly code: PaymentFailureCode;
      readonly reason: string;
    };
