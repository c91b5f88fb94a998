import type { z } from 'zod';
import { baseConfigSchema } from '../../config/config-schema';
import {
  databaseConfigSchema,
  httpServerConfigSchema,
  kafkaConfigSchema,
  redisConfigSchema,
} from '../../config/dependency-config';

/** The probe has every dependency a real service may have. */
export const probeConfigSchema = baseConfigSchema
  .extend(httpServerConfigSchema.shape)
  .extend(databaseConfigSchema.shape)
  .extend(redisConfigSchema.shape)
  .extend(kafkaConfigSchema.shape);

export type ProbeConfig = z.infer<typeof probeConfigSchema>;
