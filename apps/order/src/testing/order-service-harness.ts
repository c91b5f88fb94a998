import { GrpcContracts, type orderV1 } from '@shop/contracts';
import { connectGrpcClient, type GrpcConnection } from '@shop/platform';

/** Environment of an order service under test: real Postgres (a scratch database) and Kafka. */
export function orderServiceEnv(options: {
  databaseUrl: string;
  grpcPort: number;
  adminPort: number;
  inventoryUrl: string;
  stepTimeoutMs?: number;
}): Record<string, string> {
  return {
    SERVICE_NAME: 'order',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    GRPC_PORT: String(options.grpcPort),
    ADMIN_PORT: String(options.adminPort),
    BIND_HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    DB_POOL_MAX: '10',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    INVENTORY_GRPC_URL: options.inventoryUrl,
    GRPC_DEADLINE_MS: '2000',
    ORDER_SAGA_STEP_TIMEOUT_MS: String(options.stepTimeoutMs ?? 5_000),
    ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS: '200',
    SHUTDOWN_TIMEOUT_MS: '15000',
    OTEL_TRACES_SAMPLER_RATIO: '0',
  };
}

export type OrderClient = GrpcConnection<orderV1.OrderServiceClient>;

/** The order service's gRPC API as the gateway calls it: deadline on every call, AppErrors on failure. */
export const connectOrderService = (url: string, deadlineMs = 5_000): OrderClient =>
  connectGrpcClient(url, GrpcContracts.order, deadlineMs);

/** The error a promise rejects with (undefined when it resolves). */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
