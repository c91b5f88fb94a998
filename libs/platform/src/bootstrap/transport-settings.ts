import { GrpcContracts } from '@shop/contracts';
import { ConfigError } from '../config/load-config';
import type { GrpcServerSettings } from '../grpc/grpc-options';

/** Fastify's default, kept explicit: bounded bodies keep JSON parsing off the critical path. */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

export interface TransportOptions<Config> {
  grpc?: { packages: string[]; protoPaths: string[] };
  http?: { bodyLimitBytes?: number | ((config: Config) => number) };
}

export interface TransportSettings {
  http?: { host: string; port: number; bodyLimitBytes: number };
  grpc?: GrpcServerSettings;
}

/**
 * Which servers to start, on which ports. The schema decides which variables
 * exist; a transport requested without its port variable is a configuration
 * error reported at start-up.
 */
export function transportSettings<Config extends object>(
  config: Config,
  options: TransportOptions<Config>,
): TransportSettings {
  const {
    HTTP_PORT: httpPort,
    GRPC_PORT: grpcPort,
    BIND_HOST: host = '0.0.0.0',
  } = config as { HTTP_PORT?: unknown; GRPC_PORT?: unknown; BIND_HOST?: string };
  const problems: string[] = [];
  if (options.http && typeof httpPort !== 'number') {
    problems.push('HTTP_PORT: is required for the HTTP server (add it to the schema)');
  }
  if (options.grpc && typeof grpcPort !== 'number') {
    problems.push('GRPC_PORT: is required for the gRPC server (add it to the schema)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const limit = options.http?.bodyLimitBytes;
  return {
    http: options.http
      ? {
          host,
          port: httpPort as number,
          bodyLimitBytes: typeof limit === 'function' ? limit(config) : (limit ?? DEFAULT_BODY_LIMIT_BYTES),
        }
      : undefined,
    grpc: options.grpc
      ? {
          // Every gRPC server also serves the standard health protocol (grpc-health.controller.ts).
          packages: [...options.grpc.packages, GrpcContracts.health.package],
          protoPaths: [...options.grpc.protoPaths, GrpcContracts.health.protoPath],
          host,
          port: grpcPort as number,
        }
      : undefined,
  };
}
