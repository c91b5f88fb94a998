import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
} from '@shop/platform';

export const paymentConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape);

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
