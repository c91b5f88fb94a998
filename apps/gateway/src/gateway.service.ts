import type { RunServiceOptions } from '@shop/platform';
import { GatewayAppModule } from './gateway-app.module';
import { gatewayConfigSchema } from './gateway.config';

/** How the gateway service boots: main.ts runs it, and its tests start it the same way (testing/gateway.under-test.ts). */
export const gatewayService: RunServiceOptions<typeof gatewayConfigSchema> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  module: GatewayAppModule,
  http: { bodyLimitBytes: (config) => config.HTTP_BODY_LIMIT_BYTES },
};
