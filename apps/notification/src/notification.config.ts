import { z } from 'zod';
import { baseConfigSchema, databaseConfigSchema, kafkaConfigSchema } from '@shop/platform';

export const notificationConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape);

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
