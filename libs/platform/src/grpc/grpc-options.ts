import { Transport, type GrpcOptions } from '@nestjs/microservices';

/** 4 MiB both ways: big payloads block the event loop while (de)serialised. */
export const GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * proto-loader options matching the ts-proto settings in buf.gen.yaml
 * (camelCase fields, string enums, int64 as number, defaults filled in), so the
 * generated interfaces describe what the server and client really exchange.
 */
export const GRPC_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
} as const;

/** Client keepalive: a half-open connection to a killed pod is noticed in ~40 s, not on the next call. */
const CLIENT_KEEPALIVE = {
  keepaliveTimeMs: 30_000,
  keepaliveTimeoutMs: 10_000,
  keepalivePermitWithoutCalls: 1,
};

export interface GrpcServerSettings {
  packages: string[];
  protoPaths: string[];
  /** The address to bind (BIND_HOST). */
  host: string;
  port: number;
}

/**
 * Options of the gRPC server. `gracefulShutdown` makes close() a tryShutdown:
 * in-flight calls finish, new ones are refused. Connections are recycled
 * every few minutes so clients re-resolve and spread over new replicas.
 */
export function grpcServerOptions(settings: GrpcServerSettings): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: `${settings.host}:${settings.port}`,
      package: settings.packages,
      protoPath: settings.protoPaths,
      loader: { ...GRPC_LOADER_OPTIONS },
      gracefulShutdown: true,
      maxReceiveMessageLength: GRPC_MAX_MESSAGE_BYTES,
      maxSendMessageLength: GRPC_MAX_MESSAGE_BYTES,
      keepalive: { keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 10_000 },
      channelOptions: {
        'grpc.max_connection_age_ms': 5 * 60_000,
        'grpc.max_connection_age_grace_ms': 30_000,
      },
    },
  };
}

export interface GrpcClientSettings {
  url: string;
  package: string;
  protoPath: string | string[];
}

/**
 * Reconnect backoff of a client channel whose target is down: grpc-js grows it
 * to 2 minutes by default, so a caller started before its dependency (or one
 * whose dependency restarted a few times) kept failing with UNAVAILABLE long
 * after the dependency was back. Capped at 5 s: a restarted pod is used within
 * seconds, and a dead one costs one connection attempt per 5 s per caller.
 */
export const CLIENT_RECONNECT = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5_000,
} as const;

/** Options of one long-lived client channel per target. */
export function grpcClientOptions(settings: GrpcClientSettings): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: settings.url,
      package: settings.package,
      protoPath: settings.protoPath,
      loader: { ...GRPC_LOADER_OPTIONS },
      maxReceiveMessageLength: GRPC_MAX_MESSAGE_BYTES,
      maxSendMessageLength: GRPC_MAX_MESSAGE_BYTES,
      keepalive: CLIENT_KEEPALIVE,
      channelOptions: { ...CLIENT_RECONNECT },
    },
  };
}
