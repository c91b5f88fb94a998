// Telemetry first: it patches http before anything loads it.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { PaymentProviderAppModule } from './payment-provider-app.module';
import { paymentProviderConfigSchema } from './payment-provider.config';

runService({
  name: 'payment-provider',
  configSchema: paymentProviderConfigSchema,
  module: PaymentProviderAppModule,
  http: {},
});
