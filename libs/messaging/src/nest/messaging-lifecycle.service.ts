import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { pgClientConfigFromDataSource, retryWithBackoff } from '@shop/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';
import { type KafkaClients } from '../kafka/kafka-client.factory';
import { KafkaConsumerRunner } from '../kafka/kafka-consumer-runner';
import { TopicAdmin } from '../kafka/topic-admin';
import { prefixedTopic, topicsToEnsure } from '../kafka/topic-spec';
import {
  EVENT_PUBLISHER,
  KAFKA_CLIENTS,
  MESSAGING_DATA_SOURCE,
  MESSAGING_LOGGER,
  MESSAGING_OPTIONS,
} from '../messaging.constants';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { EventHandler } from '../ports/event-handler.port';
import type { EventPublisher } from '../ports/event-publisher.port';
import type { ConsumerOptions, MessagingModuleOptions } from './messaging-options';

/** About 30 s in all before the service gives up and exits (the orchestrator restarts it). */
const START_UP_RETRY = { attempts: 8, baseMs: 250, maxMs: 8_000, jitter: 'equal' } as const;

/**
 * Start and stop order of the messaging pieces. Start: producer and admin
 * connect and topics exist before anything runs (fail fast); then relay
 * and consumers. Stop: consumers first (no new work, in-flight
 * messages finish and commit), then the relay (in-flight batch finishes, lock
 * released), then the producer both of them used, then the admin.
 */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private readonly runners: KafkaConsumerRunner[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_LOGGER) private readonly logger: Logger,
    @Inject(KAFKA_CLIENTS) private readonly clients: KafkaClients,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(MESSAGING_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly topicAdmin: TopicAdmin,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    // On a fresh broker several services create the same topics at once and
    // metadata lags behind for a moment; retry with backoff (bounded), then fail.
    await retryWithBackoff(
      async () => {
        await this.clients.producer.connect();
        await this.clients.admin.connect();
        const declared = this.options.topics.map((spec) => ({ ...spec, topic: this.prefixed(spec.topic) }));
        const consumed = this.consumers().flatMap((consumer) => consumer.topics);
        await this.topicAdmin.ensureTopics(topicsToEnsure(declared, consumed));
      },
      {
        ...START_UP_RETRY,
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn(
            { err: error, attempt, delay_ms: delayMs },
            'kafka not ready at start-up; retrying',
          ),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const outbox = this.options.outbox;
    if (outbox?.enabled) {
      const timeouts = {
        connectTimeoutMs: outbox.connectTimeoutMs ?? 3_000,
        statementTimeoutMs: outbox.statementTimeoutMs ?? 5_000,
      };
      const connection =
        outbox.connection ??
        pgClientConfigFromDataSource(
          this.dataSource.options,
          timeouts,
          `${this.options.serviceName}-outbox-relay`,
        );
      this.relay = new OutboxRelay(this.publisher, this.logger, {
        ...outbox,
        serviceName: this.options.serviceName,
        connection,
      });
      this.relay.start();
    }
    for (const consumer of this.consumers()) {
      const runner = new KafkaConsumerRunner(
        this.clients.kafka,
        this.dataSource,
        this.deadLetters,
        this.logger,
        {
          ...consumer,
          handlers: this.resolveHandlers(consumer),
        },
      );
      this.runners.push(runner);
      // subscribe() reads topic metadata, which can lag topic creation by a moment.
      await retryWithBackoff(() => runner.start(), {
        ...START_UP_RETRY,
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn({ err: error, attempt, delay_ms: delayMs }, 'consumer could not start; retrying'),
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Each stage runs even if an earlier one failed: a stuck consumer must not leak the producer.
    await this.stage('consumers', () => Promise.all(this.runners.map((runner) => runner.stop())));
    await this.stage('outbox relay', async () => this.relay?.stop());
    await this.stage('producer', () => this.clients.producer.disconnect());
    await this.stage('admin', () => this.clients.admin.disconnect());
  }

  private async stage(name: string, stop: () => Promise<unknown>): Promise<void> {
    try {
      await stop();
    } catch (error) {
      this.logger.error({ err: error, stage: name }, 'messaging shutdown stage failed');
    }
  }

  /** The consumers in the service's Kafka namespace: their topics and their group (also the inbox's scope). */
  private consumers(): ConsumerOptions[] {
    return (this.options.consumers ?? []).map((consumer) => ({
      ...consumer,
      groupId: this.prefixed(consumer.groupId),
      topics: consumer.topics.map((topic) => this.prefixed(topic)),
    }));
  }

  private prefixed(name: string): string {
    return prefixedTopic(this.options.topicPrefix ?? '', name);
  }

  private resolveHandlers(consumer: ConsumerOptions): Record<string, EventHandler> {
    const handlers: Record<string, EventHandler> = {};
    for (const [type, handlerType] of Object.entries(consumer.handlers)) {
      try {
        handlers[type] = this.moduleRef.get(handlerType, { strict: false });
      } catch (error) {
        throw new Error(
          `consumer ${consumer.groupId}: handler ${handlerType.name} for ${type} is not a provider of any module; add it to its module's providers`,
          { cause: error },
        );
      }
    }
    return handlers;
  }
}
