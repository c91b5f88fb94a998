import { Module } from '@nestjs/common';
import { UserRegisteredV1 } from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { notificationMigrations } from './persistence/migrations';
import { NotificationRecord } from './persistence/notification.record';
import { WelcomeOnUserRegisteredHandler } from './welcome/welcome-on-user-registered.handler';

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [NotificationRecord], migrations: notificationMigrations }),
    ServiceMessagingModule.register({
      topics: [{ topic: UserRegisteredV1.topic }],
      consumers: [
        {
          groupId: 'notification',
          topics: [UserRegisteredV1.topic],
          handlers: { [UserRegisteredV1.type]: WelcomeOnUserRegisteredHandler },
        },
      ],
    }),
  ],
  providers: [WelcomeOnUserRegisteredHandler],
})
export class NotificationAppModule {}
