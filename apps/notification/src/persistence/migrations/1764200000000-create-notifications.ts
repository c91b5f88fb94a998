import { sqlMigration } from '@shop/platform';

export const CreateNotifications1764200000000 = sqlMigration('CreateNotifications1764200000000', {
  up: [
    `CREATE TABLE notifications (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id         uuid NOT NULL,
      kind            text NOT NULL,
      recipient       text NOT NULL,
      subject         text NOT NULL,
      source_event_id uuid NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      -- Belt and braces next to the inbox (P10): one notification per event and kind.
      CONSTRAINT notifications_event_kind_key UNIQUE (source_event_id, kind)
    )`,
    'CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)',
  ],
  down: ['DROP TABLE notifications'],
});
