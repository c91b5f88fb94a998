import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service's inbox: one row per (consumer group, event id) processed,
 * inserted in the same transaction as the handler's effect. The primary key is
 * the deduplication. `received_at` is indexed so old rows can be purged once
 * they are older than any possible redelivery (topic retention).
 */
export class CreateInboxTable1764144000001 implements MigrationInterface {
  name = 'CreateInboxTable1764144000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer    text        NOT NULL,
        event_id    uuid        NOT NULL,
        event_type  text        NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query('CREATE INDEX inbox_received_at_idx ON inbox (received_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox');
  }
}
