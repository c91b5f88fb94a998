import { randomUUID } from 'node:crypto';
import { NotificationDeadLetteredV1, UserRegisteredV1 } from '@shop/contracts';
import { prefixedTopic } from '@shop/messaging';
import { messageIdFor } from './email-transport.port';
import { mailsTo, type ScratchDatabase, uniqueAddress, uniqueTopicPrefix, waitUntil } from '@shop/testing';
import {
  allTopics,
  EventProducer,
  createNotificationTestDatabase,
  startNotificationService,
  TopicCollector,
  type NotificationUnderTest,
} from '../testing/notification.under-test';

// The send pipeline's failure paths and its multi-replica safety, with the real
// service against the real Postgres, Kafka and Mailpit (scratch databases,
// unique topics). Ports 22303-22310 of the range reserved for these tests;
// 22399 is the closed SMTP port.
const CLOSED_SMTP_PORT = '22399';
const now = () => new Date().toISOString();

describe('notification delivery: SMTP failures, dead letters, replicas, leases', () => {
  // One producer per block: kafkajs refreshes metadata for every topic a producer
  // ever wrote to, so a producer outliving a block's deleted topics would fail.

  describe('a sender pointed at a closed SMTP port', () => {
    const topicPrefix = uniqueTopicPrefix('notification');
    let db: ScratchDatabase;
    let service: NotificationUnderTest;
    let deadLetters: TopicCollector;
    let producer: EventProducer;

    beforeAll(async () => {
      producer = new EventProducer();
      await producer.connect();
      db = await createNotificationTestDatabase();
      service = await startNotificationService({
        db,
        topicPrefix,
        grpcPort: 22303,
        adminPort: 22304,
        env: {
          SMTP_PORT: CLOSED_SMTP_PORT,
          SMTP_CONNECTION_TIMEOUT_MS: '1000',
          NOTIFICATION_MAX_ATTEMPTS: '3',
          NOTIFICATION_RETRY_INITIAL_MS: '100',
          NOTIFICATION_RETRY_MAX_MS: '400',
        },
      });
      deadLetters = new TopicCollector(
        producer.client,
        prefixedTopic(topicPrefix, NotificationDeadLetteredV1.topic),
      );
      await deadLetters.start();
    }, 90_000);

    afterAll(async () => {
      await deadLetters?.stop();
      await service?.stop();
      await producer?.deleteTopics(allTopics(topicPrefix));
      await producer?.disconnect();
      await db?.drop();
    }, 60_000);

    it('P27: retries with backoff, then marks it FAILED and dead-letters the original event with the reason', async () => {
      const { email, event } = await producer.registerCustomer(topicPrefix, 'smtp-down');

      const row = await waitUntil(
        async () => {
          const [found] = await db.query<{
            id: string;
            status: string;
            attempts: number;
            last_error: string;
            sent_at: Date | null;
          }>(
            'SELECT id, status, attempts, last_error, sent_at FROM notifications WHERE source_event_id = $1',
            [event.id],
          );
          return found?.status === 'FAILED' ? found : undefined;
        },
        { description: 'the notification to be FAILED' },
      );
      expect(row.attempts).toBe(3);
      expect(row.sent_at).toBeNull();
      expect(row.last_error).toMatch(/ECONNREFUSED/);

      // Through the outbox: published by the relay to notification.dead-letter.v1 (here: a unique twin).
      const record = await waitUntil(
        async () => deadLetters.received.find((r) => r.headers['ce_subject'] === row.id),
        { description: 'the dead letter on Kafka' },
      );
      expect(record.headers['ce_type']).toBe(NotificationDeadLetteredV1.type);
      const deadLetter = NotificationDeadLetteredV1.schema.parse(JSON.parse(record.value));
      expect(deadLetter).toMatchObject({
        notificationId: row.id,
        kind: 'welcome',
        reason: 'max-attempts',
        attempts: 3,
        originalEvent: {
          id: event.id,
          type: UserRegisteredV1.type,
          subject: event.subject,
          data: event.data,
        },
      });
      expect(deadLetter.error).toMatch(/ECONNREFUSED/);
      const [outbox] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND published_at IS NOT NULL',
        [row.id],
      );
      expect(outbox?.n).toBe(1);

      expect(await mailsTo(email)).toHaveLength(0);
      const metrics = await (
        await fetch(`${service.adminUrl}/metrics`, { signal: AbortSignal.timeout(3_000) })
      ).text();
      expect(metrics).toMatch(
        /^notification_failed_total\{[^}]*kind="welcome",reason="max-attempts"[^}]*\} 1$/m,
      );
      expect(metrics).toMatch(
        /^notification_send_duration_seconds_count\{[^}]*kind="welcome",outcome="error"[^}]*\} 3$/m,
      );
    });
  });

  describe('two replicas sending from one database', () => {
    const topicPrefix = uniqueTopicPrefix('notification');
    let db: ScratchDatabase;
    let producer: EventProducer;
    const replicas: NotificationUnderTest[] = [];

    beforeAll(async () => {
      producer = new EventProducer();
      await producer.connect();
      db = await createNotificationTestDatabase();
      const env = {
        // The lease far above any send, even on a loaded machine: a send that outlived
        // it would be claimed again by the other replica (attempts 2, a flaky "exactly
        // once"). The crashed-replica test writes its expiring claim itself.
        SMTP_SEND_TIMEOUT_MS: '1000',
        NOTIFICATION_SEND_LEASE_MS: '30000',
      };
      for (const [grpcPort, adminPort] of [
        [22305, 22306],
        [22307, 22308],
      ] as const) {
        replicas.push(await startNotificationService({ db, topicPrefix, grpcPort, adminPort, env }));
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await producer?.deleteTopics(allTopics(topicPrefix));
      await producer?.disconnect();
      await db?.drop();
    }, 60_000);

    it('FOR UPDATE SKIP LOCKED + lease: every notification is sent exactly once', async () => {
      const customers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => producer.registerCustomer(topicPrefix, `replica-${i}`)),
      );
      await waitUntil(
        async () => {
          const [row] = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notifications WHERE status = 'SENT'`,
          );
          return row?.n === 12 ? true : undefined;
        },
        { description: 'all 12 notifications to be SENT' },
      );
      const attempts = await db.query<{ attempts: number }>('SELECT attempts FROM notifications');
      expect(attempts.map((row) => row.attempts)).toEqual(Array(12).fill(1));
      for (const customer of customers) {
        const messages = await waitUntil(
          async () => {
            const found = await mailsTo(customer.email);
            return found.length > 0 ? found : undefined;
          },
          { description: `the email to ${customer.email}` },
        );
        expect(messages).toHaveLength(1);
      }
    });

    it('a notification claimed by a replica that died is sent by another once its lease expires, same Message-ID', async () => {
      const userId = randomUUID();
      const email = uniqueAddress('orphaned-claim');
      // What a replica leaves behind when it dies mid-send: attempt counted, lease running.
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO notifications
           (user_id, kind, recipient, subject, body_text, body_html, source_event_id, source_event,
            status, attempts, next_attempt_at)
         VALUES ($1, 'welcome', $2, 'Welcome back', 'text', '<p>html</p>', $3, $4::jsonb,
                 'PENDING', 1, now() + interval '2 seconds')
         RETURNING id`,
        [
          userId,
          email,
          randomUUID(),
          JSON.stringify({
            id: randomUUID(),
            type: 't.v1',
            source: 's',
            subject: userId,
            time: now(),
            data: {},
          }),
        ],
      );
      const claimedAt = Date.now();
      const message = await waitUntil(
        async () => {
          const [found] = await mailsTo(email);
          return found;
        },
        { description: 'the orphaned notification to be sent' },
      );
      expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(1_500); // not before the lease ran out
      expect(`<${message.MessageID}>`).toBe(messageIdFor(row?.id ?? ''));
      const [after] = await db.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM notifications WHERE id = $1',
        [row?.id],
      );
      expect(after).toEqual({ status: 'SENT', attempts: 2 });
    });
  });
});
