import { messagingMigrations } from '@shop/messaging';
import { CreateNotifications1764200000000 } from './1764200000000-create-notifications';
import { NotificationDelivery1764300000000 } from './1764300000000-notification-delivery';

/** Every migration of notification_db, in order. */
export const notificationMigrations = [
  ...messagingMigrations,
  CreateNotifications1764200000000,
  NotificationDelivery1764300000000,
];
