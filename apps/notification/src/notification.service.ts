import { GrpcContracts } from '@shop/contracts';
import type { RunServiceOptions } from '@shop/platform';
import { NotificationAppModule } from './notification-app.module';
import { notificationConfigSchema } from './notification.config';

/** How the notification service boots: main.ts runs it, and its tests start it the same way (testing/notification.under-test.ts). */
export const notificationService: RunServiceOptions<typeof notificationConfigSchema> = {
  name: 'notification',
  configSchema: notificationConfigSchema,
  module: NotificationAppModule,
  grpc: {
    packages: [GrpcContracts.notification.package],
    protoPaths: [GrpcContracts.notification.protoPath],
  },
};
