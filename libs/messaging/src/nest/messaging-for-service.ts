import { Injectable, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import {
  APP_CONFIG,
  HealthRegistry,
  LOGGER,
  type BaseConfig,
  type DatabaseConfig,
  type KafkaConfig,
  type Logger,
} from '@shop/platform';

import { KafkaHealthCheck } from '../kafka/kafka-health-check';
import type { TopicSpec } from '../kafka/topic-spec';
import { MessagingModule } from './messaging.module';
import type { ConsumerOptions, MessagingModuleOptions, OutboxOptions } from './messaging-options';

/** What a service declares; everything else comes from its validated config. */
export interface ServiceMessaging {
  readonly topics: readonly TopicSpec[];
  readonly outbox?: Omit<OutboxOptions, 'connectTimeoutMs' | 'statementTimeoutMs'>;
  readonly consumers?: readonly ConsumerOptions[];
}

type MessagingConfig = BaseConfig & KafkaConfig & Partial<DatabaseConfig>;

/** Kafka readiness joins /readyz; its own bound (2 s) sits inside the registry's. */
const KAFKA_HEALTH_TIMEOUT_MS = 2_500;

@Injectable()
class KafkaHealthRegistration implements OnApplicationBootstrap {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly kafka: KafkaHealthCheck,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.register('kafka', () => this.kafka.check(), { timeoutMs: KAFKA_HEALTH_TIMEOUT_MS });
  }
}

export function messagingOptionsFromConfig(
  config: MessagingConfig,
  logger: Logger,
  declared: ServiceMessaging,
): MessagingModuleOptions {
  return {
    serviceName: config.SERVICE_NAME,
    kafka: {
      brokers: config.KAFKA_BROKERS,
      connectionTimeoutMs: config.KAFKA_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    },
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    topicDefaults: {
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      retentionMs: config.KAFKA_TOPIC_RETENTION_MS,
    },
    topics: declared.topics,
    consumers: declared.consumers?.map((consumer) => ({
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      ...consumer,
    })),
    outbox: declared.outbox && {
      ...declared.outbox,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    },
    logger,
  };
}

/**
 * MessagingModule for a service started by the platform's runService: options
 * from APP_CONFIG, the service's logger, and the Kafka check registered for /readyz.
 */
@Module({})
export class ServiceMessagingModule {
  /** `declared` may be a function of the service's config, for settings read from it (e.g. retries). */
  static register<Config extends MessagingConfig>(
    declared: ServiceMessaging | ((config: Config) => ServiceMessaging),
  ): DynamicModule {
    return {
      module: ServiceMessagingModule,
      imports: [
        MessagingModule.forRootAsync({
          inject: [APP_CONFIG, LOGGER],
          useFactory: (config: Config, logger: Logger) =>
            messagingOptionsFromConfig(
              config,
              logger,
              typeof declared === 'function' ? declared(config) : declared,
            ),
        }),
      ],
      providers: [KafkaHealthRegistration],
    };
  }
}
