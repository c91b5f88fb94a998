import { z } from 'zod';
import { commaList, port, positiveInt } from './config-schema';

// Field groups for the dependencies a service may have, merged into a service
// schema so each variable keeps the one name and meaning documented in
// docs/conventions.md:
//
//   export const userConfigSchema = baseConfigSchema
//     .extend(grpcServerConfigSchema.shape)
//     .extend(databaseConfigSchema.shape);        // or .extend({ ...a.shape, ...b.shape })

/** `host:port`, e.g. `127.0.0.1:50051` or a Kubernetes DNS name `user.shop.svc:50051`. */
export const hostPort = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:50051 or user.shop.svc:50051');

/** A gRPC target: `USER_GRPC_URL: grpcTargetUrl()`. */
export const grpcTargetUrl = hostPort;

/** Public HTTP port (gateway, payment-provider). */
export const httpServerConfigSchema = z.object({
  HTTP_PORT: port(),
});

/** gRPC server port (order, payment, inventory, user, notification). */
export const grpcServerConfigSchema = z.object({
  GRPC_PORT: port(),
});

/**
 * Outgoing gRPC calls. Each target adds its own `<TARGET>_GRPC_URL: grpcTargetUrl()`.
 * GRPC_DEADLINE_MS is the budget of a call when no incoming deadline is shorter
 *: it must stay below the caller's own budget.
 */
export const grpcClientConfigSchema = z.object({
  GRPC_DEADLINE_MS: positiveInt().default(2_000),
});

export const databaseConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/[^\s]+$/,
      'must be a postgres:// URL, e.g. postgres://user_svc:pw@127.0.0.1:5432/user_db',
    ),
  /** Bounded pool: connections per process, times replicas, must fit max_connections. */
  DB_POOL_MAX: positiveInt().default(10),
  /** Server-side statement_timeout: no query outlives its caller. */
  DB_STATEMENT_TIMEOUT_MS: positiveInt().default(5_000),
  /** Bound on acquiring a connection (TCP + auth), so a dead database fails fast. */
  DB_CONNECT_TIMEOUT_MS: positiveInt().default(3_000),
});

export const redisConfigSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// URL, e.g. redis://127.0.0.1:6379/0'),
  /** Every Redis command fails after this long instead of hanging. */
  REDIS_COMMAND_TIMEOUT_MS: positiveInt().default(1_000),
});

export const kafkaConfigSchema = z.object({
  /** Comma-separated `host:port` list, parsed to an array. */
  KAFKA_BROKERS: commaList().pipe(z.array(hostPort()).min(1, 'must list at least one broker')),
  /**
   * Kafka namespace of every topic and consumer group the service uses (`<prefix>.<topic>`).
   * Empty in production: the contracts' names, as deploy/ lists them. Tests give each
   * service they boot a unique one, so suites never see each other's messages.
   */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-" (a topic name)')
    .default(''),
  KAFKA_TOPIC_PARTITIONS: positiveInt().default(3),
  KAFKA_TOPIC_RETENTION_MS: positiveInt().default(604_800_000),
  /** Bound on opening a broker connection, so an outage fails fast. */
  KAFKA_CONNECTION_TIMEOUT_MS: positiveInt().default(3_000),
  /** Bound on one broker request (produce, fetch, admin). */
  KAFKA_REQUEST_TIMEOUT_MS: positiveInt().default(10_000),
  /**
   * How long the group waits for a silent consumer before giving its partitions
   * to others. After a crash (SIGKILL, OOM) the restarted replica consumes only
   * once this passed, so keep it well under the saga's step timeout (docs/saga.md).
   * 6 s is the broker's default group.min.session.timeout.ms.
   */
  KAFKA_SESSION_TIMEOUT_MS: positiveInt().min(6_000).max(300_000).default(10_000),
});

export type HttpServerConfig = z.infer<typeof httpServerConfigSchema>;
export type GrpcServerConfig = z.infer<typeof grpcServerConfigSchema>;
export type GrpcClientConfig = z.infer<typeof grpcClientConfigSchema>;
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
export type RedisConfig = z.infer<typeof redisConfigSchema>;
export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;
