// A gRPC-only service built from the platform, spawned by the deadline tests:
// `node dist/libs/platform/src/testing/grpc-probe/main.js`.
import '../../telemetry/register';
import { runService } from '../../bootstrap/run-service';
import { GrpcProbeAppModule } from './grpc-probe-app.module';
import { grpcProbeConfigSchema } from './grpc-probe.config';
import { PROBE_PACKAGE, PROBE_PROTO_PATH } from './probe-contract';

runService({
  name: 'grpc-probe',
  configSchema: grpcProbeConfigSchema,
  module: GrpcProbeAppModule,
  grpc: { packages: [PROBE_PACKAGE], protoPaths: [PROBE_PROTO_PATH] },
});
