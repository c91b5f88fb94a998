import { GrpcContracts } from '@shop/contracts';
import type { RunServiceOptions } from '@shop/platform';
import { UserAppModule } from './user-app.module';
import { userConfigSchema } from './user.config';

/** How the user service boots: main.ts runs it, and its tests start it the same way (testing/user.under-test.ts). */
export const userService: RunServiceOptions<typeof userConfigSchema> = {
  name: 'user',
  configSchema: userConfigSchema,
  module: UserAppModule,
  grpc: { packages: [GrpcContracts.user.package], protoPaths: [GrpcContracts.user.protoPath] },
};
