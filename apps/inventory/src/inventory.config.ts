import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
  positiveInt,
  redisConfigSchema,
} from '@shop/platform';

export const inventoryConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape)
  .extend(redisConfigSchema.shape)
  .extend({
    /** A reservation the saga neither commits nor releases is expired after this long. */
    RESERVATION_TTL_SECONDS: positiveInt().default(60),
    /** How often each replica looks for expired reservations (jittered +-20 %). */
    RESERVATION_EXPIRY_INTERVAL_MS: positiveInt().default(5_000),
    /** Reservations expired per transaction. */
    RESERVATION_EXPIRY_BATCH_SIZE: positiveInt().max(1_000).default(100),
    /** Lifetime of a cached product (plus up to 20 % jitter). */
    PRODUCT_CACHE_TTL_SECONDS: positiveInt().default(300),
    /** Lifetime of a cached "no such product" (negative caching, kept short). */
    PRODUCT_CACHE_NEGATIVE_TTL_SECONDS: positiveInt().default(30),
  });

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
