// The payment service as a real process for crash tests (SIGKILL), on private
// topics and its own consumer group so it never meets the running system's
// payment: TEST_TOPIC_PREFIX names them. Otherwise exactly main.ts.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { PaymentAppModule } from '../payment-app.module';
import { paymentConfigSchema } from '../payment.config';
import { privateTopics } from './saga-messages';

const prefix = process.env['TEST_TOPIC_PREFIX'];
if (!prefix?.startsWith('test.')) throw new Error('TEST_TOPIC_PREFIX=test.<something> is required');

runService({
  name: 'payment',
  configSchema: paymentConfigSchema,
  module: () =>
    PaymentAppModule.forRoot({ topics: privateTopics(prefix), consumerGroup: `payment-${prefix}` }),
  grpc: { packages: [], protoPaths: [] },
});
