import { Controller } from '@nestjs/common';
import { healthV1 } from '@shop/contracts';
import { HealthRegistry } from '../health/health-registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';

const { ServingStatus } = { ServingStatus: healthV1.HealthCheckResponse_ServingStatus };

/**
 * The standard gRPC health protocol (grpc.health.v1.Health/Check) on every gRPC
 * server, answering like /readyz: SERVING only while running with every
 * dependency up. Kubernetes gRPC probes, grpcurl and meshes can use it.
 */
@Controller()
@healthV1.HealthControllerMethods()
export class GrpcHealthController implements healthV1.HealthController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly lifecycle: ServiceLifecycle,
  ) {}

  async check(): Promise<healthV1.HealthCheckResponse> {
    if (this.lifecycle.phase !== 'running') return { status: ServingStatus.NOT_SERVING };
    const report = await this.health.run();
    return { status: report.ok ? ServingStatus.SERVING : ServingStatus.NOT_SERVING };
  }
}
