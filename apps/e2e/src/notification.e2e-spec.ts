import { mailsTo, queryService, readMail, waitUntil } from '@shop/testing';
import { newSession } from './support/auth';
import { gateway } from './support/gateway';

// Notifications through the running system:
//   POST /v1/users -> user outbox -> Kafka user.registered.v1 -> notification inbox
//   -> PENDING row -> sender -> SMTP -> Mailpit; listed by GET /v1/me/notifications
//   (gateway -> gRPC ListNotifications) for the token's user only.
describe("notification: welcome email and the caller's notifications", () => {
  it('registering sends exactly one welcome email and lists it for the new user', async () => {
    const customer = await newSession(); // POST /v1/users, then POST /v1/auth/login
    const userId = customer.userId;

    const [notification] = await waitUntil(
      async () => {
        const rows = await queryService<{ id: string; status: string; source_event_id: string }>(
          'notification',
          'SELECT id, status, source_event_id FROM notifications WHERE user_id = $1',
          [userId],
        );
        return rows[0]?.status === 'SENT' ? rows : undefined;
      },
      { description: 'the welcome notification to be SENT', timeoutMs: 30_000 },
    );
    const mails = await waitUntil(
      async () => {
        const found = await mailsTo(customer.email);
        return found.length > 0 ? found : undefined;
      },
      { description: 'the welcome email in Mailpit' },
    );
    // Exactly once: the row is SENT, nothing is left to send it again.
    expect(mails).toHaveLength(1);
    expect(mails[0]?.MessageID).toBe(`${notification?.id}@shop.local`);
    const mail = await readMail(mails[0]?.ID ?? '');
    expect(mail.Subject).toBe(`Welcome to the shop, ${customer.name}`);
    expect(mail.Text).toContain(`Hello ${customer.name},`);
    // The event id the notification came from is the one the user service published.
    const [outbox] = await queryService<{ event_id: string }>(
      'user',
      'SELECT event_id FROM outbox WHERE subject = $1',
      [userId],
    );
    expect(notification?.source_event_id).toBe(outbox?.event_id);

    const listed = await gateway().get('/v1/me/notifications').set(customer.auth).expect(200);
    expect(listed.body).toEqual({
      items: [
        {
          notificationId: notification?.id,
          kind: 'welcome',
          subject: `Welcome to the shop, ${customer.name}`,
          status: 'SENT',
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      ],
      nextCursor: null,
    });
  });

  it("lists only the caller's own notifications", async () => {
    const [a, b] = await Promise.all([newSession(), newSession()]);
    await waitUntil(
      async () => {
        const rows = await queryService<{ n: number }>(
          'notification',
          'SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1::uuid[])',
          [[a.userId, b.userId]],
        );
        return rows[0]?.n === 2 ? true : undefined;
      },
      { description: 'both welcome notifications', timeoutMs: 30_000 },
    );
    const res = await gateway().get('/v1/me/notifications').set(b.auth).expect(200);
    expect(res.body.items.map((item: { subject: string }) => item.subject)).toEqual([
      `Welcome to the shop, ${b.name}`,
    ]);
  });

  it('401 problem+json without a token, 400 for a bad page size', async () => {
    const res = await gateway().get('/v1/me/notifications').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const customer = await newSession();
    const bad = await gateway().get('/v1/me/notifications?limit=1000').set(customer.auth).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });
});
