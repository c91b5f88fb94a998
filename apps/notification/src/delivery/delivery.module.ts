import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import type { NotificationConfig } from '../notification.config';
import { NotificationRepository } from '../persistence/notification.repository';
import { DeadLetterRecorder } from './dead-letter-recorder';
import { DELIVERY_SETTINGS, deliverySettingsFromConfig } from './delivery-settings';
import { EMAIL_TRANSPORT } from './email-transport.port';
import { NotificationSender } from './notification-sender';
import { SmtpEmailTransport } from './smtp-email-transport';

/** The send pipeline: claim PENDING rows, send over SMTP, mark SENT or retry, then FAILED + dead letter. */
@Module({
  providers: [
    {
      provide: DELIVERY_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: (config: NotificationConfig) => deliverySettingsFromConfig(config),
    },
    {
      provide: EMAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: NotificationConfig) => new SmtpEmailTransport(config),
    },
    NotificationRepository,
    DeadLetterRecorder,
    NotificationSender,
  ],
  // The sender's queue is the table users list and handlers record into: one repository for all three.
  exports: [NotificationRepository],
})
export class DeliveryModule {}
