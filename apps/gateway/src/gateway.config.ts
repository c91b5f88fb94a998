import { z } from 'zod';
import {
  baseConfigSchema,
  grpcClientConfigSchema,
  grpcTargetUrl,
  httpServerConfigSchema,
} from '@shop/platform';

export const gatewayConfigSchema = baseConfigSchema
  .extend(httpServerConfigSchema.shape)
  .extend(grpcClientConfigSchema.shape)
  .extend({
    USER_GRPC_URL: grpcTargetUrl(),
    /** Largest request body accepted; larger ones get 413 before they are parsed. */
    HTTP_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024),
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
