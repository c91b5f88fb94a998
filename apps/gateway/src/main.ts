// Telemetry first: it patches http and grpc before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { GatewayAppModule } from './gateway-app.module';
import { gatewayConfigSchema } from './gateway.config';

runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  module: GatewayAppModule,
  http: { bodyLimitBytes: (config) => config.HTTP_BODY_LIMIT_BYTES },
});
