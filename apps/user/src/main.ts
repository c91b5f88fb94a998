// Telemetry first: it patches http, grpc, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { GrpcContracts } from '@shop/contracts';
import { runService } from '@shop/platform';
import { UserAppModule } from './user-app.module';
import { userConfigSchema } from './user.config';

runService({
  name: 'user',
  configSchema: userConfigSchema,
  module: UserAppModule,
  grpc: { packages: [GrpcContracts.user.package], protoPaths: [GrpcContracts.user.protoPath] },
});
