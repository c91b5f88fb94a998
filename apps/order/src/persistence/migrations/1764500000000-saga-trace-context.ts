import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of the request that started a saga (W3C traceparent and
 * tracestate), so work the saga does later without an incoming message (a step
 * deadline's compensation, run by the timeout job) continues the order's trace
 * instead of starting a new one.
 */
export class SagaTraceContext1764500000000 implements MigrationInterface {
  name = 'SagaTraceContext1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE place_order_sagas ADD COLUMN trace jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE place_order_sagas DROP COLUMN trace');
  }
}
