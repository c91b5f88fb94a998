// Public API of @shop/messaging. Business code uses the ports and OutboxWriter;
// the Kafka adapters, relay and runners are wired by MessagingModule.

// Ports
export type { EventHandler } from './ports/event-handler.port';
export type { EventPublisher, OutgoingEvent } from './ports/event-publisher.port';

// Envelope and trace context
export { buildEnvelope, type EnvelopeMeta, type NewEvent } from './envelope/build-envelope';
export {
  captureTraceContext,
  extractTraceContext,
  traceIdOf,
  withContinuedTrace,
  type TraceCarrier,
} from './envelope/trace-context';

// Kafka adapters
export {
  createIdempotentProducer,
  createKafkaClient,
  type KafkaClientOptions,
} from './kafka/kafka-client.factory';
export { KafkaEventPublisher } from './kafka/kafka-event-publisher.adapter';
export { KafkaHealthCheck } from './kafka/kafka-health-check';
export {
  CE_SPECVERSION_HEADER,
  EnvelopeDecodeError,
  fromKafkaMessage,
  toKafkaMessage,
  type KafkaRecord,
} from './kafka/kafka-message.mapper';
export { pinoLogCreator } from './kafka/pino-log-creator';
export { TopicAdmin } from './kafka/topic-admin';
export {
  DEFAULT_TOPIC_DEFAULTS,
  deadLetterTopic,
  prefixedTopic,
  topicsToEnsure,
  type TopicDefaults,
  type TopicSpec,
} from './kafka/topic-spec';

// Retry

// Outbox
export { outboxChannel } from './outbox/outbox-channel';
export { OutboxRelay } from './outbox/outbox-relay';
export type { OutboxRelayOptions } from './outbox/outbox-relay.options';
export type { OutboxRetentionOptions } from './outbox/outbox-retention';
export { OutboxWriter, type AppendEvent, type OutboxWriterOptions } from './outbox/outbox-writer';

// Inbox and consumers
export { claimInboxEvent } from './inbox/inbox-store';
export type { ConsumeOutcome } from './consumer/consumer-metrics';
export { DeadLetterHeaders, buildDeadLetterMessage, type DeadLetterReason } from './kafka/dead-letter';
export { DeadLetterPublisher } from './kafka/dead-letter-publisher';
export { KafkaConsumerRunner, type ConsumerRunnerOptions } from './kafka/kafka-consumer-runner';

// Migrations (each service runs them in its own database)
export { messagingMigrations } from './migrations';

// NestJS wiring
export { EVENT_PUBLISHER, MESSAGING_OPTIONS } from './messaging.constants';
export { MessagingModule } from './nest/messaging.module';
export {
  messagingOptionsFromConfig,
  ServiceMessagingModule,
  type ServiceMessaging,
} from './nest/messaging-for-service';
export type {
  ConsumerOptions,
  MessagingModuleAsyncOptions,
  MessagingModuleOptions,
  MessagingWiring,
  OutboxOptions,
} from './nest/messaging-options';
