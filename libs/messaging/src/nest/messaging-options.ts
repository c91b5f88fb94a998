import type { InjectionToken, ModuleMetadata, Type } from '@nestjs/common';
import type { ClientConfig } from 'pg';
import type { Logger } from 'pino';

import type { ConsumerRunnerOptions } from '../kafka/kafka-consumer-runner';
import type { KafkaClientOptions } from '../kafka/kafka-client.factory';
import type { TopicDefaults, TopicSpec } from '../kafka/topic-spec';
import type { OutboxRetentionOptions } from '../outbox/outbox-retention';
import type { EventHandler } from '../ports/event-handler.port';

export interface OutboxOptions {
  /** Runs the relay in this process (every replica may: one leads, the others stand by). */
  readonly enabled: boolean;
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  readonly retention?: OutboxRetentionOptions | false;
  /** `DB_CONNECT_TIMEOUT_MS` / `DB_STATEMENT_TIMEOUT_MS` for the relay's session (defaults 3000 / 5000). */
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Overrides the relay's connection settings (default: derived from the DataSource options). */
  readonly connection?: ClientConfig;
}

export interface ConsumerOptions extends Omit<ConsumerRunnerOptions, 'handlers'> {
  /**
   * Handler class per event type. Each class must be a provider of one of the
   * app's modules (so it can inject that module's repositories); it is looked
   * up app-wide when the application boots.
   */
  readonly handlers: Readonly<Record<string, Type<EventHandler>>>;
}

export interface MessagingModuleOptions {
  /** `SERVICE_NAME`: event source, Kafka client id, outbox channel and relay lock. */
  readonly serviceName: string;
  readonly kafka: KafkaClientOptions;
  /**
   * `KAFKA_TOPIC_PREFIX`: the Kafka namespace of every topic this module creates,
   * publishes to and subscribes to, and of every consumer group (default empty:
   * the contracts' names). Callers always name the contracts' topics.
   */
  readonly topicPrefix?: string;
  /** Topics this service produces to; created at start if missing. */
  readonly topics: readonly TopicSpec[];
  /** `KAFKA_TOPIC_PARTITIONS` / `KAFKA_TOPIC_RETENTION_MS` (default 3 / 7 days). */
  readonly topicDefaults?: TopicDefaults;
  readonly outbox?: OutboxOptions;
  readonly consumers?: readonly ConsumerOptions[];
  /** The service's pino logger (default: a new pino logger named after the service). */
  readonly logger?: Logger;
  /** Bound of `KafkaHealthCheck.check()` (default 2000 ms). */
  readonly healthCheckTimeoutMs?: number;
}

/** Where the module finds the app's TypeORM DataSource. */
export interface MessagingWiring {
  /** Modules exporting the DataSource (not needed when a global module provides it). */
  readonly imports?: ModuleMetadata['imports'];
  /** Token of the DataSource provider (default: the `DataSource` class). */
  readonly dataSourceToken?: InjectionToken;
}

export interface MessagingModuleAsyncOptions extends MessagingWiring {
  readonly inject?: InjectionToken[];
  readonly useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}
