import { Module, type DynamicModule } from '@nestjs/common';
import {
  NotificationDeadLetteredV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  PaymentFailedEventV1,
  UserRegisteredV1,
} from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { CustomerProjection } from './customers/customer-projection';
import { DeliveryModule } from './delivery/delivery.module';
import { ListNotificationsHandler } from './list-notifications/list-notifications.handler';
import type { NotificationConfig } from './notification.config';
import { NotificationGrpcController } from './notification.grpc-controller';
import { OrderCancelledHandler } from './order-updates/order-cancelled.handler';
import { OrderConfirmedHandler } from './order-updates/order-confirmed.handler';
import { PaymentFailedHandler } from './order-updates/payment-failed.handler';
import { notificationMigrations } from './persistence/migrations';
import { NotificationRecorder } from './recording/notification-recorder';
import { WelcomeOnUserRegisteredHandler } from './welcome/welcome-on-user-registered.handler';

/** Topics and consumer groups; integration tests pass unique ones to stay out of the running system's way. */
export interface NotificationWiring {
  readonly topics: {
    readonly userRegistered: string;
    readonly orderConfirmed: string;
    readonly orderCancelled: string;
    readonly paymentFailed: string;
    readonly deadLetter: string;
  };
  readonly groups: { readonly registrations: string; readonly orderUpdates: string };
}

export const defaultWiring: NotificationWiring = {
  topics: {
    userRegistered: UserRegisteredV1.topic,
    orderConfirmed: OrderConfirmedV1.topic,
    orderCancelled: OrderCancelledV1.topic,
    paymentFailed: PaymentFailedEventV1.topic,
    deadLetter: NotificationDeadLetteredV1.topic,
  },
  groups: { registrations: 'notification', orderUpdates: 'notification-orders' },
};

@Module({})
export class NotificationAppModule {
  static register(config: NotificationConfig, wiring: NotificationWiring = defaultWiring): DynamicModule {
    const { topics, groups } = wiring;
    const orderTopics = [topics.orderConfirmed, topics.orderCancelled, topics.paymentFailed];
    return {
      module: NotificationAppModule,
      imports: [
        DatabaseModule.forRoot({
          entities: [],
          migrations: notificationMigrations,
        }),
        ServiceMessagingModule.register({
          // Consumed topics are listed too: auto-creation is off and a consumer cannot subscribe to a missing topic.
          topics: [topics.userRegistered, ...orderTopics, topics.deadLetter].map((topic) => ({ topic })),
          outbox: { enabled: true }, // dead letters (P09)
          consumers: [
            {
              groupId: groups.registrations,
              topics: [topics.userRegistered],
              handlers: { [UserRegisteredV1.type]: WelcomeOnUserRegisteredHandler },
            },
            {
              // A group of its own: an order event retried while its customer is unknown
              // blocks only its partition here, never the registrations that would resolve it.
              groupId: groups.orderUpdates,
              topics: orderTopics,
              handlers: {
                [OrderConfirmedV1.type]: OrderConfirmedHandler,
                [OrderCancelledV1.type]: OrderCancelledHandler,
                [PaymentFailedEventV1.type]: PaymentFailedHandler,
              },
              maxAttempts: config.NOTIFICATION_RECIPIENT_MAX_ATTEMPTS,
              retryBackoff: {
                baseMs: config.NOTIFICATION_RECIPIENT_RETRY_INITIAL_MS,
                maxMs: config.NOTIFICATION_RECIPIENT_RETRY_MAX_MS,
                jitter: 'equal',
              },
            },
          ],
        }),
        DeliveryModule.register({ deadLetter: topics.deadLetter }),
      ],
      controllers: [NotificationGrpcController],
      providers: [
        CustomerProjection,
        NotificationRecorder,
        WelcomeOnUserRegisteredHandler,
        OrderConfirmedHandler,
        OrderCancelledHandler,
        PaymentFailedHandler,
        ListNotificationsHandler,
      ],
    };
  }
}
