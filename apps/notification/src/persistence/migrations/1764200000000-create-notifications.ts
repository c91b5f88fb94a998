import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1764200000000 implements MigrationInterface {
  name = 'CreateNotifications1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id         uuid NOT NULL,
        kind            text NOT NULL,
        recipient       text NOT NULL,
        subject         text NOT NULL,
        source_event_id uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        -- Belt and braces next to the inbox (P10): one notification per event and kind.
        CONSTRAINT notifications_event_kind_key UNIQUE (source_event_id, kind)
      )`);
    await queryRunner.query(
      'CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notifications');
  }
}
