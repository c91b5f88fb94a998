import { notificationV1 } from '@shop/contracts';
import { AppError, type GrpcClient } from '@shop/platform';
import type { AuthenticatedUser } from '../auth';
import { NotificationsHttpController } from './notifications.http-controller';

const caller: AuthenticatedUser = {
  userId: '5b0c3c5e-8d5e-4d57-9d1c-1f0b8a8a2f10',
  email: 'ada@example.com',
  roles: ['customer'],
};

function controllerWith(response: notificationV1.ListNotificationsResponse) {
  const calls: notificationV1.ListNotificationsRequest[] = [];
  const client = {
    listNotifications: async (request: notificationV1.ListNotificationsRequest) => {
      calls.push(request);
      return response;
    },
  } as unknown as GrpcClient<notificationV1.NotificationServiceClient>;
  return { controller: new NotificationsHttpController(client), calls };
}

describe('GET /v1/me/notifications', () => {
  it("asks for the token's user only and maps the page to JSON", async () => {
    const { controller, calls } = controllerWith({
      notifications: [
        {
          notificationId: 'n-1',
          kind: 'welcome',
          subject: 'Welcome to the shop, Ada',
          status: notificationV1.NotificationStatus.NOTIFICATION_STATUS_PENDING,
          createdAt: '2026-01-01T00:00:00.000Z',
          sentAt: '',
        },
      ],
      nextCursor: 'bjE6eA',
    });
    const page = await controller.list(caller, { limit: '5', cursor: 'abc' });
    expect(calls).toEqual([{ userId: caller.userId, cursor: 'abc', limit: 5 }]);
    expect(page).toEqual({
      items: [
        {
          notificationId: 'n-1',
          kind: 'welcome',
          subject: 'Welcome to the shop, Ada',
          status: 'PENDING',
          createdAt: '2026-01-01T00:00:00.000Z',
          sentAt: null,
        },
      ],
      nextCursor: 'bjE6eA',
    });
  });

  it('defaults: first page, the service default size, no next cursor -> null', async () => {
    const { controller, calls } = controllerWith({ notifications: [], nextCursor: '' });
    expect(await controller.list(caller, {})).toEqual({ items: [], nextCursor: null });
    expect(calls).toEqual([{ userId: caller.userId, cursor: '', limit: 0 }]);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'x'.repeat(65) }, 'cursor'],
    [{ userId: 'someone-else' }, '(body)'],
  ])('rejects %j before calling the service (400 on %s)', async (query, field) => {
    const { controller, calls } = controllerWith({ notifications: [], nextCursor: '' });
    const attempt = controller.list(caller, query);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ httpStatus: 400 });
    if (field !== '(body)') {
      await expect(attempt).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ field })] });
    }
    expect(calls).toHaveLength(0);
  });
});
