import { Controller } from '@nestjs/common';
import { notificationV1 } from '@shop/contracts';
import { ListNotificationsHandler } from './list-notifications/list-notifications.handler';
import type { NotificationStatus } from './persistence/notification.repository';

const STATUS: Readonly<Record<NotificationStatus, notificationV1.NotificationStatus>> = {
  PENDING: notificationV1.NotificationStatus.NOTIFICATION_STATUS_PENDING,
  SENT: notificationV1.NotificationStatus.NOTIFICATION_STATUS_SENT,
  FAILED: notificationV1.NotificationStatus.NOTIFICATION_STATUS_FAILED,
};

/** gRPC edge of the notification service: decode, call the use case, encode. */
@Controller()
@notificationV1.NotificationServiceControllerMethods()
export class NotificationGrpcController implements notificationV1.NotificationServiceController {
  constructor(private readonly listNotificationsHandler: ListNotificationsHandler) {}

  async listNotifications(
    request: notificationV1.ListNotificationsRequest,
  ): Promise<notificationV1.ListNotificationsResponse> {
    const page = await this.listNotificationsHandler.execute(request);
    return {
      notifications: page.items.map((item) => ({
        notificationId: item.id,
        kind: item.kind,
        subject: item.subject,
        status: STATUS[item.status],
        createdAt: item.createdAt.toISOString(),
        sentAt: item.sentAt?.toISOString() ?? '',
      })),
      nextCursor: page.nextCursor ?? '',
    };
  }
}
