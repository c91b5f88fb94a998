import { GrpcContracts } from '@shop/contracts';
import { GrpcClientsModule } from '@shop/platform';

export const USER_CLIENT = Symbol('USER_CLIENT');

/** Every service the gateway calls, one long-lived client each (P07). */
export const GatewayGrpcClients = GrpcClientsModule.register([
  {
    token: USER_CLIENT,
    package: GrpcContracts.user.package,
    service: GrpcContracts.user.service,
    protoPath: GrpcContracts.user.protoPath,
    urlConfigKey: 'USER_GRPC_URL',
  },
]);
