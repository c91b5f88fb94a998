import { Controller, Get, Inject, Query } from '@nestjs/common';
import { notificationV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import { CurrentUser, type AuthenticatedUser } from '../auth';
import { NOTIFICATION_CLIENT } from '../grpc-clients';
import { listNotificationsQuery } from './notifications.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { notificationPageJson } from '../openapi/response.schemas';
import { pageJson, servicePaging } from '../pagination.schemas';

const STATUS_PREFIX = 'NOTIFICATION_STATUS_';

/**
 * The caller's notifications (emails the shop sent or will send them). The user
 * id comes from the verified token only: nobody can list someone else's.
 */
@ApiTag('Me')
@Controller('v1/me/notifications')
export class NotificationsHttpController {
  constructor(
    @Inject(NOTIFICATION_CLIENT)
    private readonly notifications: GrpcClient<notificationV1.NotificationServiceClient>,
  ) {}

  @ApiOperation({
    operationId: 'listMyNotifications',
    summary: 'The emails the shop sent (or will send) the caller, newest first',
    query: listNotificationsQuery,
    response: {
      schema: notificationPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid `limit` (`REQUEST.INVALID`), or a cursor this list did not issue to the caller (`NOTIFICATION.INVALID_CURSOR`).',
    },
  })
  @Get()
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: unknown) {
    const paging = parseRequest(listNotificationsQuery, { ...(query as object) });
    const page = await this.notifications.listNotifications({
      userId: caller.userId,
      ...servicePaging(paging),
    });
    const items = page.notifications.map((n) => ({
      notificationId: n.notificationId,
      kind: n.kind,
      subject: n.subject,
      // PENDING | SENT | FAILED
      status: n.status.startsWith(STATUS_PREFIX) ? n.status.slice(STATUS_PREFIX.length) : n.status,
      createdAt: n.createdAt,
      sentAt: n.sentAt || null,
    }));
    return pageJson(items, page.nextCursor);
  }
}
