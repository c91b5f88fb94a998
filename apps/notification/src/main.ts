// Telemetry first: it patches http, grpc, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { GrpcContracts } from '@shop/contracts';
import { runService } from '@shop/platform';
import { NotificationAppModule } from './notification-app.module';
import { notificationConfigSchema } from './notification.config';

runService({
  name: 'notification',
  configSchema: notificationConfigSchema,
  module: NotificationAppModule,
  grpc: {
    packages: [GrpcContracts.notification.package],
    protoPaths: [GrpcContracts.notification.protoPath],
  },
});
