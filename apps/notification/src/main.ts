// Telemetry first: it patches http, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { NotificationAppModule } from './notification-app.module';
import { notificationConfigSchema } from './notification.config';

runService({
  name: 'notification',
  configSchema: notificationConfigSchema,
  module: NotificationAppModule,
});
