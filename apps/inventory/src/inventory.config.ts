import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
} from '@shop/platform';

export const inventoryConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape);

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
