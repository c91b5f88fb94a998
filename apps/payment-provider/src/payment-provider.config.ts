import { z } from 'zod';
import { baseConfigSchema, httpServerConfigSchema } from '@shop/platform';

export const paymentProviderConfigSchema = baseConfigSchema.extend(httpServerConfigSchema.shape);

export type PaymentProviderConfig = z.infer<typeof paymentProviderConfigSchema>;
