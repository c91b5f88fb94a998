import { freePorts, spawned, type SpawnedService } from '../service-under-test';

/** `httpUrl` answers for the hybrid variant (HTTP + gRPC) only. */
export type GrpcProbeProcess = SpawnedService;

/**
 * Starts the gRPC probe; it calls itself for Relay (PROBE_GRPC_URL = its own
 * port). `hybrid` runs the same module with an HTTP server too.
 */
export async function startGrpcProbe(
  env: Record<string, string> = {},
  hybrid = false,
): Promise<GrpcProbeProcess> {
  const [adminPort, grpcPort, httpPort] = (await freePorts(3)) as [number, number, number];
  const grpcUrl = `127.0.0.1:${grpcPort}`;
  return spawned({
    script: `dist/libs/platform/src/testing/grpc-probe/${hybrid ? 'hybrid-main' : 'main'}.js`,
    env: {
      SERVICE_NAME: hybrid ? 'hybrid-probe' : 'grpc-probe',
      NODE_ENV: 'test',
      BIND_HOST: '127.0.0.1',
      ADMIN_PORT: String(adminPort),
      GRPC_PORT: String(grpcPort),
      PROBE_GRPC_URL: grpcUrl,
      GRPC_DEADLINE_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...(hybrid ? { HTTP_PORT: String(httpPort) } : {}),
      ...env,
    },
  });
}
