import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
  positiveInt,
  redisConfigSchema,
} from '@shop/platform';
import { tokenConfigSchema } from './tokens/signing-key.config';

export const userConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(redisConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape)
  .extend(tokenConfigSchema.shape)
  .extend({
    /** Base TTL of a cached profile; each entry gets up to +10 % jitter. */
    PROFILE_CACHE_TTL_SECONDS: positiveInt().max(86_400).default(300),
  });

export type UserConfig = z.infer<typeof userConfigSchema>;
