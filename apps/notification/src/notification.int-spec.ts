import { randomUUID } from 'node:crypto';
import {
  GrpcContracts,
  notificationV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  PaymentFailedEventV1,
  UserRegisteredV1,
} from '@shop/contracts';
import { AppError, connectGrpcClient, type GrpcClient, type GrpcConnection } from '@shop/platform';
import { prefixedTopic } from '@shop/messaging';
import { messageIdFor } from './delivery/email-transport.port';
import {
  mailsTo,
  readMail,
  type ScratchDatabase,
  uniqueAddress,
  uniqueTopicPrefix,
  waitUntil,
} from '@shop/testing';
import {
  allTopics,
  EventProducer,
  createNotificationTestDatabase,
  startNotificationService,
  TopicCollector,
  type NotificationUnderTest,
} from './testing/notification.under-test';

// The notification service in this process (NotificationAppModule through
// runService, as main.ts boots it) against the real Postgres, Kafka and
// Mailpit, on its own scratch database and unique topics/groups.
// Ports: the 22300-22399 range reserved for these tests.
const topicPrefix = uniqueTopicPrefix('notification');
const total = { amountMinor: 4999, currency: 'EUR' };
const now = () => new Date().toISOString();

describe('notification service: events -> emails in Mailpit, listing over gRPC', () => {
  let db: ScratchDatabase;
  let service: NotificationUnderTest;
  let producer: EventProducer;
  let connection: GrpcConnection<notificationV1.NotificationServiceClient>;
  let grpc: GrpcClient<notificationV1.NotificationServiceClient>;
  let orderDlt: TopicCollector;

  beforeAll(async () => {
    db = await createNotificationTestDatabase();
    service = await startNotificationService({
      db,
      topicPrefix,
      grpcPort: 22301,
      adminPort: 22302,
      env: {
        // Unknown customers: a few fast consumer retries, then the DLT.
        NOTIFICATION_RECIPIENT_MAX_ATTEMPTS: '6',
        NOTIFICATION_RECIPIENT_RETRY_INITIAL_MS: '200',
        NOTIFICATION_RECIPIENT_RETRY_MAX_MS: '1000',
      },
    });
    producer = new EventProducer();
    await producer.connect();
    orderDlt = new TopicCollector(
      producer.client,
      `${prefixedTopic(topicPrefix, OrderConfirmedV1.topic)}.dlt`,
    );
    await orderDlt.start();
    connection = connectGrpcClient(service.grpcUrl, GrpcContracts.notification, 3_000);
    grpc = connection.client;
  }, 90_000);

  afterAll(async () => {
    connection?.close();
    await orderDlt?.stop();
    await service?.stop();
    await producer?.deleteTopics(allTopics(topicPrefix));
    await producer?.disconnect();
    await db?.drop();
  }, 60_000);

  /** Registers a customer through the event path and waits until the projection has them. */
  async function registered(label: string) {
    const customer = await producer.registerCustomer(topicPrefix, label);
    await waitUntil(
      async () =>
        (await db.query('SELECT 1 FROM customers WHERE user_id = $1', [customer.userId])).length === 1
          ? true
          : undefined,
      { description: 'the customer projection' },
    );
    return customer;
  }

  const statusOf = async (sourceEventId: string) =>
    (
      await db.query<{ status: string; attempts: number; sent_at: Date | null }>(
        'SELECT status, attempts, sent_at FROM notifications WHERE source_event_id = $1',
        [sourceEventId],
      )
    )[0];

  it('P10: the welcome email arrives exactly once although the event is delivered twice', async () => {
    const userId = randomUUID();
    const email = uniqueAddress('welcome');
    const event = producer.envelope(UserRegisteredV1.type, userId, {
      userId,
      email,
      name: 'Ada <Lovelace>',
      registeredAt: now(),
    });
    // At-least-once delivery: the same event (same id) twice, as a relay crash would republish it.
    await producer.send(prefixedTopic(topicPrefix, UserRegisteredV1.topic), event);
    await producer.send(prefixedTopic(topicPrefix, UserRegisteredV1.topic), event);

    await waitUntil(async () => ((await statusOf(event.id))?.status === 'SENT' ? true : undefined), {
      description: 'the welcome notification to be SENT',
    });
    // Both deliveries consumed (the inbox dropped the second), and nothing left to send.
    await waitUntil(
      async () => {
        const [row] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`,
          [event.id],
        );
        const offsets = await consumedAll(
          prefixedTopic(topicPrefix, 'notification'),
          prefixedTopic(topicPrefix, UserRegisteredV1.topic),
        );
        return row?.n === 1 && offsets ? true : undefined;
      },
      { description: 'both deliveries to be consumed' },
    );
    const messages = await waitUntil(
      async () => {
        const found = await mailsTo(email);
        return found.length > 0 ? found : undefined;
      },
      { description: 'the email in Mailpit' },
    );
    expect(messages).toHaveLength(1);
    const [notification] = await db.query<{ id: string; kind: string }>(
      'SELECT id, kind FROM notifications WHERE source_event_id = $1',
      [event.id],
    );
    expect(notification?.kind).toBe('welcome');
    // The Message-ID is the notification id: a resend would carry the same one.
    expect(`<${messages[0]?.MessageID}>`).toBe(messageIdFor(notification?.id ?? ''));
    const message = await readMail(messages[0]?.ID ?? '');
    expect(message.Subject).toBe('Welcome to the shop, Ada <Lovelace>');
    expect(message.Text).toContain('Hello Ada <Lovelace>,');
    expect(message.HTML).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(await statusOf(event.id)).toMatchObject({
      status: 'SENT',
      attempts: 1,
      sent_at: expect.any(Date),
    });
  });

  it('order.confirmed for a known customer sends the confirmation; cancellations carry the reason', async () => {
    const customer = await registered('orders');
    const orderId = randomUUID();
    const confirmed = producer.envelope(OrderConfirmedV1.type, orderId, {
      orderId,
      customerId: customer.userId,
      total,
      confirmedAt: now(),
    });
    const cancelledOrderId = randomUUID();
    const cancelled = producer.envelope(OrderCancelledV1.type, cancelledOrderId, {
      orderId: cancelledOrderId,
      customerId: customer.userId,
      total,
      code: 'INVENTORY.OUT_OF_STOCK',
      reason: 'not enough stock for 1 line',
      cancelledAt: now(),
    });
    await producer.send(prefixedTopic(topicPrefix, OrderConfirmedV1.topic), confirmed);
    await producer.send(prefixedTopic(topicPrefix, OrderCancelledV1.topic), cancelled);

    const messages = await waitUntil(
      async () => {
        const found = await mailsTo(customer.email);
        return found.length >= 3 ? found : undefined;
      },
      { description: 'welcome, confirmation and cancellation emails' },
    );
    const subjects = messages.map((m) => m.Subject).sort();
    expect(subjects).toEqual(
      [
        'Welcome to the shop, Customer orders',
        `Your order ${orderId} is confirmed`,
        `Your order ${cancelledOrderId} was cancelled`,
      ].sort(),
    );
    const confirmation = await readMail(messages.find((m) => m.Subject.includes('confirmed'))?.ID ?? '');
    expect(confirmation.Text).toContain('€49.99');
    const cancellation = await readMail(messages.find((m) => m.Subject.includes('cancelled'))?.ID ?? '');
    expect(cancellation.Text).toContain(
      'Reason: An item in your order is out of stock. (INVENTORY.OUT_OF_STOCK: not enough stock for 1 line)',
    );
  });

  it('an order event for a not-yet-known customer is retried until the registration arrives', async () => {
    const userId = randomUUID();
    const email = uniqueAddress('late');
    const orderId = randomUUID();
    const failed = producer.envelope(PaymentFailedEventV1.type, orderId, {
      paymentId: randomUUID(),
      orderId,
      customerId: userId,
      amount: total,
      code: 'PAYMENT.DECLINED',
      reason: 'card declined',
    });
    await producer.send(prefixedTopic(topicPrefix, PaymentFailedEventV1.topic), failed);
    // The consumer tried, found no customer, rolled back and is backing off.
    await waitUntil(
      async () =>
        service.logs.some(
          (line) =>
            line['msg'] === 'handler failed; retrying' &&
            (line['err'] as { type?: string } | undefined)?.type === 'UnknownCustomerError',
        ),
      { description: 'a retry for the unknown customer' },
    );
    await producer.send(
      prefixedTopic(topicPrefix, UserRegisteredV1.topic),
      producer.envelope(UserRegisteredV1.type, userId, { userId, email, name: 'Late', registeredAt: now() }),
    );

    const message = await waitUntil(
      async () => (await mailsTo(email)).find((m) => m.Subject === `Payment for order ${orderId} failed`),
      { description: 'the payment-failed email' },
    );
    expect((await readMail(message.ID)).Text).toContain('Your payment was declined. (PAYMENT.DECLINED');
    expect(await statusOf(failed.id)).toMatchObject({ status: 'SENT' });
  });

  it('an order event whose customer never shows up is dead-lettered by the consumer, never guessed', async () => {
    const orderId = randomUUID();
    const orphan = producer.envelope(OrderConfirmedV1.type, orderId, {
      orderId,
      customerId: randomUUID(),
      total,
      confirmedAt: now(),
    });
    await producer.send(prefixedTopic(topicPrefix, OrderConfirmedV1.topic), orphan);
    const parked = await waitUntil(
      async () => orderDlt.received.find((record) => record.headers['ce_id'] === orphan.id),
      { description: 'the event on the DLT', timeoutMs: 30_000 },
    );
    expect(parked.headers['x-dlt-reason']).toBe('max-attempts');
    expect(parked.headers['x-dlt-error']).toContain('UnknownCustomerError');
    expect(await statusOf(orphan.id)).toBeUndefined();
  });

  it("lists one user's notifications only, newest first, page by page", async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const orders = [randomUUID(), randomUUID(), randomUUID()];
    for (const orderId of orders) {
      await producer.send(
        prefixedTopic(topicPrefix, OrderConfirmedV1.topic),
        producer.envelope(OrderConfirmedV1.type, orderId, {
          orderId,
          customerId: alice.userId,
          total,
          confirmedAt: now(),
        }),
      );
    }
    await waitUntil(
      async () => {
        const rows = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND status = 'SENT'`,
          [alice.userId],
        );
        return rows[0]?.n === 4 ? true : undefined;
      },
      { description: "alice's 4 notifications to be SENT" },
    );

    const first = await grpc.listNotifications({ userId: alice.userId, cursor: '', limit: 3 });
    expect(first.notifications).toHaveLength(3);
    expect(first.nextCursor).not.toBe('');
    const second = await grpc.listNotifications({ userId: alice.userId, cursor: first.nextCursor, limit: 3 });
    expect(second.notifications).toHaveLength(1);
    expect(second.nextCursor).toBe('');
    const all = [...first.notifications, ...second.notifications];
    expect(new Set(all.map((n) => n.notificationId)).size).toBe(4);
    expect(all.map((n) => n.kind).sort()).toEqual([
      'order_confirmed',
      'order_confirmed',
      'order_confirmed',
      'welcome',
    ]);
    const created = all.map((n) => n.createdAt);
    expect([...created].sort().reverse()).toEqual(created); // newest first
    for (const n of all) {
      expect(n.status).toBe(notificationV1.NotificationStatus.NOTIFICATION_STATUS_SENT);
      expect(n.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    // The welcome is the oldest: it is the last one listed.
    expect(all.at(-1)?.subject).toBe('Welcome to the shop, Customer alice');

    const bobs = await grpc.listNotifications({ userId: bob.userId, cursor: '', limit: 0 });
    expect(bobs.notifications.map((n) => n.subject)).toEqual(['Welcome to the shop, Customer bob']);
    expect(bobs.nextCursor).toBe('');

    // Alice's cursor does not page through Bob's list.
    const misuse = grpc.listNotifications({ userId: bob.userId, cursor: first.nextCursor, limit: 3 });
    await expect(misuse).rejects.toBeInstanceOf(AppError);
    await expect(misuse).rejects.toMatchObject({ code: 'NOTIFICATION.INVALID_CURSOR' });
    await expect(grpc.listNotifications({ userId: 'nope', cursor: '', limit: 3 })).rejects.toMatchObject({
      code: 'REQUEST.INVALID',
    });
  });

  it('exports sent counters and send durations labelled by kind and outcome only (P21, P22)', async () => {
    const response = await fetch(`${service.adminUrl}/metrics`, { signal: AbortSignal.timeout(3_000) });
    const metrics = await response.text();
    expect(metrics).toMatch(/^notification_sent_total\{[^}]*kind="welcome"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(
      /^notification_send_duration_seconds_count\{[^}]*kind="order_confirmed",outcome="sent"[^}]*\} [1-9]/m,
    );
    expect(metrics).not.toMatch(/notification_send_duration_seconds[^\n]*(user|notification)_id/);
  });

  /** True once the group's committed offsets reached the end of every partition of `topic`. */
  async function consumedAll(groupId: string, topic: string): Promise<boolean> {
    const admin = producer.client.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      return ends.every(({ partition, high }) => {
        const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        return high === '0' || offset === high;
      });
    } finally {
      await admin.disconnect();
    }
  }
});
