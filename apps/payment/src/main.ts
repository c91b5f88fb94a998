// Telemetry first: it patches http, grpc, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { PaymentAppModule } from './payment-app.module';
import { paymentConfigSchema } from './payment.config';

runService({
  name: 'payment',
  configSchema: paymentConfigSchema,
  module: PaymentAppModule,
  grpc: { packages: [], protoPaths: [] },
});
