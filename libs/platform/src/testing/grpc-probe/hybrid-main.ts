// The gRPC probe as a hybrid app (HTTP + gRPC in one process), like a service
// exposing both: `node dist/libs/platform/src/testing/grpc-probe/hybrid-main.js`.
import '../../telemetry/register';
import { runService } from '../../bootstrap/run-service';
import { httpServerConfigSchema } from '../../config/dependency-config';
import { GrpcProbeAppModule } from './grpc-probe-app.module';
import { grpcProbeConfigSchema } from './grpc-probe.config';
import { PROBE_PACKAGE, PROBE_PROTO_PATH } from './probe-contract';

runService({
  name: 'hybrid-probe',
  configSchema: grpcProbeConfigSchema.extend(httpServerConfigSchema.shape),
  module: GrpcProbeAppModule,
  grpc: { packages: [PROBE_PACKAGE], protoPaths: [PROBE_PROTO_PATH] },
  http: {},
});
