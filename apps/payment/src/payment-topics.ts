import {
  PaymentAuthorizedEventV1,
  PaymentCapturedEventV1,
  PaymentFailedEventV1,
  PaymentRefundedEventV1,
  PaymentTopics,
} from '@shop/contracts';

/** The topics payment consumes and produces. Injectable so tests can run on private topics. */
export interface PaymentTopicNames {
  readonly commands: string;
  readonly replies: string;
  readonly authorized: string;
  readonly captured: string;
  readonly failed: string;
  readonly refunded: string;
}

export const DEFAULT_PAYMENT_TOPICS: PaymentTopicNames = {
  commands: PaymentTopics.commands,
  replies: PaymentTopics.replies,
  authorized: PaymentAuthorizedEventV1.topic,
  captured: PaymentCapturedEventV1.topic,
  failed: PaymentFailedEventV1.topic,
  refunded: PaymentRefundedEventV1.topic,
};

export const PAYMENT_TOPICS = Symbol('PAYMENT_TOPICS');
