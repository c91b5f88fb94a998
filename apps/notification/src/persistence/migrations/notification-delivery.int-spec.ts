import { randomUUID } from 'node:crypto';
import type { ScratchDatabase } from '@shop/testing';
import {
  createNotificationTestDatabase,
  migrateNotificationDatabase,
} from '../../testing/notification.under-test';
import { notificationMigrations } from './index';

// The delivery migration on a database that already has foundation-era rows:
// those were recorded before any email existed and must never be sent now.
describe('migration NotificationDelivery1764300000000', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createNotificationTestDatabase(notificationMigrations.slice(0, -1));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('marks earlier rows FAILED (never sent, never pretended sent) and requires a body from then on', async () => {
    const legacyEvent = randomUUID();
    await db.query(
      `INSERT INTO notifications (user_id, kind, recipient, subject, source_event_id)
       VALUES ($1, 'welcome', 'old@example.com', 'Welcome', $2)`,
      [randomUUID(), legacyEvent],
    );
    await migrateNotificationDatabase(db, notificationMigrations);

    const [legacy] = await db.query<{ status: string; sent_at: Date | null; last_error: string }>(
      'SELECT status, sent_at, last_error FROM notifications WHERE source_event_id = $1',
      [legacyEvent],
    );
    expect(legacy).toEqual({
      status: 'FAILED',
      sent_at: null,
      last_error: 'recorded before email delivery existed; not sent',
    });
    await expect(
      db.query(
        `INSERT INTO notifications (user_id, kind, recipient, subject, source_event_id, status)
         VALUES ($1, 'welcome', 'new@example.com', 'Welcome', $2, 'PENDING')`,
        [randomUUID(), randomUUID()],
      ),
    ).rejects.toThrow(/notifications_body_check/);
    const [customers] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    expect(customers?.n).toBe(0);
  });
});
