import { sqlMigration } from '@shop/platform';

/**
 * The trace context of the request that started a saga (W3C traceparent and
 * tracestate), so work the saga does later without an incoming message (a step
 * deadline's compensation, run by the timeout job) continues the order's trace
 * instead of starting a new one.
 */
export const SagaTraceContext1764500000000 = sqlMigration('SagaTraceContext1764500000000', {
  up: [`ALTER TABLE place_order_sagas ADD COLUMN trace jsonb NOT NULL DEFAULT '{}'::jsonb`],
  down: ['ALTER TABLE place_order_sagas DROP COLUMN trace'],
});
