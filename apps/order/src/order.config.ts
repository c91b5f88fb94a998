import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcClientConfigSchema,
  grpcServerConfigSchema,
  grpcTargetUrl,
  kafkaConfigSchema,
  positiveInt,
} from '@shop/platform';

export const orderConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape)
  .extend(grpcClientConfigSchema.shape)
  .extend({
    /** PlaceOrder prices the lines with inventory's GetProductsForOrder (deadline: GRPC_DEADLINE_MS). */
    INVENTORY_GRPC_URL: grpcTargetUrl(),
    /** How long a saga step waits for its reply before the saga compensates. */
    ORDER_SAGA_STEP_TIMEOUT_MS: positiveInt().default(30_000),
    /** How often each replica looks for sagas whose step deadline passed. */
    ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS: positiveInt().default(1_000),
    /** How long an Idempotency-Key is remembered; the IETF draft's clients retry within 24 h. */
    ORDER_IDEMPOTENCY_KEY_RETENTION_HOURS: z.coerce.number().int().min(24).default(24),
    ORDER_IDEMPOTENCY_CLEANUP_INTERVAL_MS: positiveInt().default(600_000),
  });

export type OrderConfig = z.infer<typeof orderConfigSchema>;
