// The order service exactly as main.ts starts it, but on private saga topics
// (TEST_TOPIC_PREFIX): integration tests spawn `node dist/apps/order/src/testing/order-test-process.js`
// and SIGKILL it, without touching the real topics.
import '@shop/platform/telemetry/register';
import { GrpcContracts } from '@shop/contracts';
import { runService } from '@shop/platform';
import { OrderAppModule } from '../order-app.module';
import { orderConfigSchema } from '../order.config';
import { privateSagaTopology } from '../saga/saga-topology';

const prefix = process.env['TEST_TOPIC_PREFIX'];
if (!prefix) throw new Error('TEST_TOPIC_PREFIX is required: the test process never uses the real topics');

runService({
  name: 'order',
  configSchema: orderConfigSchema,
  module: () => OrderAppModule.register(privateSagaTopology(prefix)),
  grpc: { packages: [GrpcContracts.order.package], protoPaths: [GrpcContracts.order.protoPath] },
});
