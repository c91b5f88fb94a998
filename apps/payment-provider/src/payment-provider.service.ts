import type { RunServiceOptions } from '@shop/platform';
import { PaymentProviderAppModule } from './payment-provider-app.module';
import { paymentProviderConfigSchema } from './payment-provider.config';

/** How the payment-provider service boots: main.ts runs it (its tests spawn main.js itself). */
export const paymentProviderService: RunServiceOptions<typeof paymentProviderConfigSchema> = {
  name: 'payment-provider',
  configSchema: paymentProviderConfigSchema,
  module: PaymentProviderAppModule,
  http: {},
};
