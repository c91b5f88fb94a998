import { Module } from '@nestjs/common';
import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  PaymentAuthorizedEventV1,
  PaymentCapturedEventV1,
  PaymentFailedEventV1,
  PaymentRefundedEventV1,
  PaymentTopics,
} from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { APP_CONFIG, DatabaseModule, LOGGER, type Logger } from '@shop/platform';
import { PaymentActionExecutor } from './actions/payment-action.executor';
import { PaymentActionRepository } from './actions/payment-action.repository';
import { PaymentActionWorker } from './actions/payment-action.worker';
import { AuthorizePaymentHandler } from './commands/authorize-payment.handler';
import { CancelPaymentHandler } from './commands/cancel-payment.handler';
import { CapturePaymentHandler } from './commands/capture-payment.handler';
import { PaymentMessages } from './messages/payment-messages';
import { paymentMigrations } from './persistence/migrations';
import { PaymentRepository } from './persistence/payment.repository';
import { providerClientSettings } from './payment-settings';
import type { PaymentConfig } from './payment.config';
import { HttpPaymentGateway } from './provider/http-payment-gateway';
import { PAYMENT_GATEWAY } from './provider/payment-gateway.port';

const commandHandlers = [AuthorizePaymentHandler, CapturePaymentHandler, CancelPaymentHandler];
const actions = [PaymentActionRepository, PaymentActionExecutor, PaymentActionWorker];
const gateway = {
  provide: PAYMENT_GATEWAY,
  inject: [APP_CONFIG, LOGGER],
  useFactory: (config: PaymentConfig, logger: Logger) =>
    HttpPaymentGateway.create(providerClientSettings(config), logger),
};

/** Payment: the saga participant for authorize/capture/cancel, over the provider's anti-corruption layer. */
@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: paymentMigrations }),
    ServiceMessagingModule.register({
      // Produced (replies, facts) and consumed (commands): all must exist at start.
      topics: [
        PaymentTopics.commands,
        PaymentTopics.replies,
        PaymentAuthorizedEventV1.topic,
        PaymentCapturedEventV1.topic,
        PaymentFailedEventV1.topic,
        PaymentRefundedEventV1.topic,
      ].map((topic) => ({ topic })),
      outbox: { enabled: true },
      consumers: [
        {
          // Also the inbox's dedupe scope.
          groupId: 'payment',
          topics: [PaymentTopics.commands],
          handlers: {
            [AuthorizePaymentV1.type]: AuthorizePaymentHandler,
            [CapturePaymentV1.type]: CapturePaymentHandler,
            [CancelPaymentV1.type]: CancelPaymentHandler,
          },
          // Under load, up to 10 commands of a partition per transaction (docs/performance.md):
          // each touches only its own order's payment rows, so groups never wait on each other.
          messagesPerTransaction: 10,
        },
      ],
    }),
  ],
  providers: [...commandHandlers, ...actions, PaymentRepository, PaymentMessages, gateway],
})
export class PaymentAppModule {}
