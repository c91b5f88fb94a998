import { sqlMigration } from '@shop/platform';

/**
 * Turns `notifications` into this service's outbox towards SMTP (README "Send
 * pipeline"): the inbox handler records a rendered email as PENDING in the inbox
 * transaction; the sender claims due rows, sends, and marks them SENT, or
 * retries them with backoff (`attempts`, `next_attempt_at`) and finally marks
 * them FAILED and dead-letters them through the outbox.
 * Adds the `customers` projection the recipient of order and payment emails is
 * resolved from (filled from user.registered.v1; no call to the user service).
 */
export const NotificationDelivery1764300000000 = sqlMigration('NotificationDelivery1764300000000', {
  up: [
    `ALTER TABLE notifications
      ADD COLUMN status          text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
      ADD COLUMN body_text       text        NULL,
      ADD COLUMN body_html       text        NULL,
      ADD COLUMN source_event    jsonb       NULL,
      ADD COLUMN trace           jsonb       NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
      ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN last_error      text        NULL,
      ADD COLUMN sent_at         timestamptz NULL`,
    // Rows recorded before emails existed have no body to send: never pretend they
    // were sent, never send them now. Every row recorded from here on has a body.
    `UPDATE notifications
       SET status = 'FAILED', last_error = 'recorded before email delivery existed; not sent'`,
    `ALTER TABLE notifications
      ADD CONSTRAINT notifications_body_check
      CHECK (status = 'FAILED' OR (body_text IS NOT NULL AND body_html IS NOT NULL AND source_event IS NOT NULL))`,
    // The sender's claim reads only due PENDING rows: a small partial index however large the history grows.
    `CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'PENDING'`,
    // Keyset pagination per user, newest first, ties broken by id (list-notifications).
    'DROP INDEX notifications_user_idx',
    'CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)',
    `CREATE TABLE customers (
      user_id    uuid        PRIMARY KEY,
      email      text        NOT NULL,
      name       text        NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  down: [
    'DROP TABLE customers',
    'DROP INDEX notifications_user_idx',
    'CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)',
    'DROP INDEX notifications_due_idx',
    `ALTER TABLE notifications
      DROP CONSTRAINT notifications_body_check,
      DROP COLUMN status, DROP COLUMN body_text, DROP COLUMN body_html, DROP COLUMN source_event,
      DROP COLUMN trace, DROP COLUMN attempts, DROP COLUMN next_attempt_at, DROP COLUMN last_error,
      DROP COLUMN sent_at`,
  ],
});
