import { z } from 'zod';
import {
  baseConfigSchema,
  grpcClientConfigSchema,
  grpcTargetUrl,
  httpServerConfigSchema,
  redisConfigSchema,
} from '@shop/platform';
import { labConfigSchema } from './lab/lab.config';
import { orderTimelineConfigSchema } from './orders/timeline/order-timeline.config';
import { rateLimitConfigSchema } from './rate-limit/rate-limit.config';

export const gatewayConfigSchema = baseConfigSchema
  .extend(httpServerConfigSchema.shape)
  .extend(grpcClientConfigSchema.shape)
  // Redis holds the rate-limit buckets; the rate-limit schema tightens REDIS_COMMAND_TIMEOUT_MS.
  .extend(redisConfigSchema.shape)
  .extend(rateLimitConfigSchema.shape)
  .extend(labConfigSchema.shape)
  .extend(orderTimelineConfigSchema.shape)
  .extend({
    USER_GRPC_URL: grpcTargetUrl(),
    NOTIFICATION_GRPC_URL: grpcTargetUrl(),
    INVENTORY_GRPC_URL: grpcTargetUrl(),
    ORDER_GRPC_URL: grpcTargetUrl(),
    /** Largest request body accepted; larger ones get 413 before they are parsed. */
    HTTP_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    /** Access-token keys (JWKS) are refreshed in the background after this; also the JWKS Cache-Control max-age. */
    JWKS_CACHE_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** At most one JWKS fetch per this interval (an unknown `kid` triggers one). */
    JWKS_MIN_REFRESH_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
    /** The storefront's build (apps/storefront) served at `/`, e.g. dist/apps/gateway/storefront; empty: none. */
    STOREFRONT_DIR: z.string().trim().default(''),
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
