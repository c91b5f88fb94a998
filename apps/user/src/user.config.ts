import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
} from '@shop/platform';

export const userConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape);

export type UserConfig = z.infer<typeof userConfigSchema>;
