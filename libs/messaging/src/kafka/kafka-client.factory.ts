import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

import { pinoLogCreator } from './pino-log-creator';
import { installKafkajsIdleCpuFix } from './kafkajs-idle-cpu-fix';

export interface KafkaClientOptions {
  /** From `KAFKA_BROKERS` (comma-separated `host:port`). */
  readonly brokers: readonly string[];
  /** Defaults to the service name. */
  readonly clientId?: string;
  /** TCP connect timeout per broker. */
  readonly connectionTimeoutMs: number;
  /** Timeout of every broker request. */
  readonly requestTimeoutMs: number;
}

// Bounded retries everywhere: a broker outage surfaces as an error
// within seconds instead of a call that hangs; callers decide what to do next.
const RETRY = { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 };

/** The one long-lived Kafka client of a service: producer, admin and consumers all come from it. */
export function createKafkaClient(options: KafkaClientOptions, serviceName: string, logger: Logger): Kafka {
  installKafkajsIdleCpuFix();
  return new Kafka({
    clientId: options.clientId ?? serviceName,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    enforceRequestTimeout: true,
    retry: RETRY,
    logLevel: logLevel.INFO,
    logCreator: pinoLogCreator(logger),
  });
}

/**
 * The producer every publish goes through. Idempotent (the broker drops the
 * duplicates its own retries would create), one request in flight (a retried
 * request can never overtake the next one: per-partition order holds), acks from
 * all in-sync replicas (enforced by kafkajs for idempotent producers), no topic
 * auto-creation (topics are created on purpose by TopicAdmin), and the
 * Java-compatible murmur2 partitioner so every client maps a key to the same partition.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: RETRY,
  });
}

/** The one client set of the service: created once, closed by MessagingLifecycle. */
export interface KafkaClients {
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly admin: Admin;
}

export function createKafkaClients(
  options: KafkaClientOptions,
  serviceName: string,
  logger: Logger,
): KafkaClients {
  const kafka = createKafkaClient(options, serviceName, logger);
  return { kafka, producer: createIdempotentProducer(kafka), admin: kafka.admin() };
}
