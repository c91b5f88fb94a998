import { sqlMigration } from '@shop/platform';

/**
 * The service's outbox. Each service adds this migration to its own list:
 * the table lives in the service's own database.
 * - `id` bigserial gives the publish order; `event_id` is what consumers dedupe on.
 * - `headers` holds the W3C trace context of the recording operation.
 * - The partial index covers only unpublished rows, so the relay's
 *   `WHERE published_at IS NULL ORDER BY id` stays small however big the table grows.
 */
export const CreateOutboxTable1764144000000 = sqlMigration('CreateOutboxTable1764144000000', {
  up: [
    `CREATE TABLE outbox (
      id           bigserial   PRIMARY KEY,
      event_id     uuid        NOT NULL UNIQUE,
      topic        text        NOT NULL,
      event_type   text        NOT NULL,
      source       text        NOT NULL,
      subject      text        NOT NULL,
      payload      jsonb       NOT NULL,
      headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
      created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
      published_at timestamptz NULL,
      attempts     integer     NOT NULL DEFAULT 0,
      last_error   text        NULL
    )`,
    'CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL',
  ],
  down: ['DROP TABLE outbox'],
});
