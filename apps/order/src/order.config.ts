import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
} from '@shop/platform';

export const orderConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape);

export type OrderConfig = z.infer<typeof orderConfigSchema>;
