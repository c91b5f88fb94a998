import { sqlMigration } from '@shop/platform';

/**
 * The service's inbox: one row per (consumer group, event id) processed,
 * inserted in the same transaction as the handler's effect. The primary key is
 * the deduplication. `received_at` is indexed so old rows can be purged once
 * they are older than any possible redelivery (topic retention).
 */
export const CreateInboxTable1764144000001 = sqlMigration('CreateInboxTable1764144000001', {
  up: [
    `CREATE TABLE inbox (
      consumer    text        NOT NULL,
      event_id    uuid        NOT NULL,
      event_type  text        NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
    'CREATE INDEX inbox_received_at_idx ON inbox (received_at)',
  ],
  down: ['DROP TABLE inbox'],
});
