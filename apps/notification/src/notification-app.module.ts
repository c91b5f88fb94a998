import { Module } from '@nestjs/common';
import {
  NotificationDeadLetteredV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  PaymentFailedEventV1,
  UserRegisteredV1,
} from '@shop/contracts';
import { ServiceMessagingModule, type ServiceMessaging } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { CustomerProjection } from './customers/customer-projection';
import { DeliveryModule } from './delivery/delivery.module';
import { ListNotificationsHandler } from './list-notifications/list-notifications.handler';
import type { NotificationConfig } from './notification.config';
import { NotificationGrpcController } from './notification.grpc-controller';
import { OrderUpdateEmailHandler } from './order-updates/order-update-email.handler';
import { notificationMigrations } from './persistence/migrations';
import { NotificationRecorder } from './recording/notification-recorder';
import { WelcomeOnUserRegisteredHandler } from './welcome/welcome-on-user-registered.handler';

const orderTopics = [OrderConfirmedV1.topic, OrderCancelledV1.topic, PaymentFailedEventV1.topic];

/** Welcome and order emails from other services' events (Kafka), delivered over SMTP; listing over gRPC. */
@Module({
  imports: [
    DatabaseModule.forRoot({
      entities: [],
      migrations: notificationMigrations,
    }),
    ServiceMessagingModule.register((config: NotificationConfig): ServiceMessaging => ({
      // Consumed topics are listed too: auto-creation is off and a consumer cannot subscribe to a missing topic.
      topics: [UserRegisteredV1.topic, ...orderTopics, NotificationDeadLetteredV1.topic].map((topic) => ({
        topic,
      })),
      outbox: { enabled: true }, // dead letters
      consumers: [
        {
          groupId: 'notification',
          topics: [UserRegisteredV1.topic],
          handlers: { [UserRegisteredV1.type]: WelcomeOnUserRegisteredHandler },
        },
        {
          // A group of its own: an order event retried while its customer is unknown
          // blocks only its partition here, never the registrations that would resolve it.
          groupId: 'notification-orders',
          topics: orderTopics,
          handlers: {
            [OrderConfirmedV1.type]: OrderUpdateEmailHandler,
            [OrderCancelledV1.type]: OrderUpdateEmailHandler,
            [PaymentFailedEventV1.type]: OrderUpdateEmailHandler,
          },
          maxAttempts: config.NOTIFICATION_RECIPIENT_MAX_ATTEMPTS,
          retryBackoff: {
            baseMs: config.NOTIFICATION_RECIPIENT_RETRY_INITIAL_MS,
            maxMs: config.NOTIFICATION_RECIPIENT_RETRY_MAX_MS,
            jitter: 'equal',
          },
        },
      ],
    })),
    DeliveryModule,
  ],
  controllers: [NotificationGrpcController],
  providers: [
    CustomerProjection,
    NotificationRecorder,
    WelcomeOnUserRegisteredHandler,
    OrderUpdateEmailHandler,
    ListNotificationsHandler,
  ],
})
export class NotificationAppModule {}
