import { Module } from '@nestjs/common';
import { GrpcClientsModule } from '../../grpc/grpc-clients.module';
import { GrpcProbeController, PROBE_CLIENT } from './grpc-probe.controller';
import { PROBE_PACKAGE, PROBE_PROTO_PATH, PROBE_SERVICE } from './probe-contract';

@Module({
  imports: [
    GrpcClientsModule.register([
      {
        token: PROBE_CLIENT,
        package: PROBE_PACKAGE,
        service: PROBE_SERVICE,
        protoPath: PROBE_PROTO_PATH,
        urlConfigKey: 'PROBE_GRPC_URL',
      },
    ]),
  ],
  controllers: [GrpcProbeController],
})
export class GrpcProbeAppModule {}
