import type { RunServiceOptions } from '@shop/platform';
import { PaymentAppModule } from './payment-app.module';
import { paymentConfigSchema } from './payment.config';

/** How the payment service boots: main.ts runs it, and its tests start it the same way (testing/payment.under-test.ts). */
export const paymentService: RunServiceOptions<typeof paymentConfigSchema> = {
  name: 'payment',
  configSchema: paymentConfigSchema,
  module: PaymentAppModule,
  grpc: { packages: [], protoPaths: [] },
};
