import type { Provider } from '@nestjs/common';
import pino, { type Logger } from 'pino';

import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';
import { createKafkaClients, type KafkaClients } from '../kafka/kafka-client.factory';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.adapter';
import { KafkaHealthCheck } from '../kafka/kafka-health-check';
import { TopicAdmin } from '../kafka/topic-admin';
import { DEFAULT_TOPIC_DEFAULTS } from '../kafka/topic-spec';
import { EVENT_PUBLISHER, KAFKA_CLIENTS, MESSAGING_LOGGER, MESSAGING_OPTIONS } from '../messaging.constants';
import { OutboxWriter } from '../outbox/outbox-writer';
import type { MessagingModuleOptions } from './messaging-options';

/** Everything MessagingModule provides, built from MESSAGING_OPTIONS. */
export const messagingProviders: Provider[] = [
  {
    provide: MESSAGING_LOGGER,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions): Logger =>
      options.logger ?? pino({ base: { service: options.serviceName } }),
  },
  {
    provide: KAFKA_CLIENTS,
    inject: [MESSAGING_OPTIONS, MESSAGING_LOGGER],
    useFactory: (options: MessagingModuleOptions, logger: Logger): KafkaClients =>
      createKafkaClients(options.kafka, options.serviceName, logger),
  },
  {
    provide: EVENT_PUBLISHER,
    inject: [KAFKA_CLIENTS, MESSAGING_OPTIONS],
    useFactory: ({ producer }: KafkaClients, options: MessagingModuleOptions) =>
      new KafkaEventPublisher(producer, options.topicPrefix),
  },
  {
    provide: DeadLetterPublisher,
    inject: [KAFKA_CLIENTS],
    useFactory: ({ producer }: KafkaClients) => new DeadLetterPublisher(producer),
  },
  {
    provide: TopicAdmin,
    inject: [KAFKA_CLIENTS, MESSAGING_OPTIONS, MESSAGING_LOGGER],
    useFactory: ({ admin }: KafkaClients, options: MessagingModuleOptions, logger: Logger) =>
      new TopicAdmin(admin, options.topicDefaults ?? DEFAULT_TOPIC_DEFAULTS, logger),
  },
  {
    provide: KafkaHealthCheck,
    inject: [KAFKA_CLIENTS, MESSAGING_OPTIONS],
    useFactory: ({ admin }: KafkaClients, options: MessagingModuleOptions) =>
      new KafkaHealthCheck(admin, options.healthCheckTimeoutMs),
  },
  {
    provide: OutboxWriter,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions) => new OutboxWriter({ serviceName: options.serviceName }),
  },
];
