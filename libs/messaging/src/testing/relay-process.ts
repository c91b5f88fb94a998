/**
 * A standalone outbox relay process: the same classes MessagingModule wires,
 * started from environment variables, so tests can SIGKILL a real relay mid
 * stream and start another one (nothing committed may be lost).
 *
 *   node dist/libs/messaging/src/testing/relay-process.js
 *
 * Env: SERVICE_NAME, DATABASE_URL, KAFKA_BROKERS, LOG_LEVEL (info),
 * DB_CONNECT_TIMEOUT_MS (3000), DB_STATEMENT_TIMEOUT_MS (5000),
 * OUTBOX_POLL_INTERVAL_MS (1000), OUTBOX_BATCH_SIZE (100).
 * Test hook: RELAY_PAUSE_AFTER_PUBLISH_MS (0) sleeps after each Kafka ack and
 * before the UPDATE, logging "published batch; pausing before marking it", so a
 * test can SIGKILL the relay exactly in the publish-then-mark window.
 * Logs JSON lines to stdout; "outbox relay is the leader" marks leadership.
 * SIGTERM/SIGINT stop it gracefully (in-flight batch finishes, lock released).
 */
import { pgClientConfigFromDataSource } from '@shop/platform';
import pino from 'pino';

import { createIdempotentProducer, createKafkaClient } from '../kafka/kafka-client.factory';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.adapter';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { EventPublisher } from '../ports/event-publisher.port';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`missing environment variable ${name}`);
  return value;
}

const serviceName = env('SERVICE_NAME');
const logger = pino({ level: env('LOG_LEVEL', 'info'), base: { service: serviceName, pid: process.pid } });

async function main(): Promise<void> {
  const kafka = createKafkaClient(
    { brokers: env('KAFKA_BROKERS').split(','), connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 },
    serviceName,
    logger,
  );
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const timeouts = {
    connectTimeoutMs: Number(env('DB_CONNECT_TIMEOUT_MS', '3000')),
    statementTimeoutMs: Number(env('DB_STATEMENT_TIMEOUT_MS', '5000')),
  };
  const kafkaPublisher = new KafkaEventPublisher(producer);
  const pauseMs = Number(env('RELAY_PAUSE_AFTER_PUBLISH_MS', '0'));
  const publisher: EventPublisher =
    pauseMs > 0
      ? {
          publish: async (events) => {
            await kafkaPublisher.publish(events);
            logger.info(
              { eventIds: events.map((event) => event.envelope.id) },
              'published batch; pausing before marking it',
            );
            await new Promise((resolve) => setTimeout(resolve, pauseMs));
          },
        }
      : kafkaPublisher;
  const relay = new OutboxRelay(publisher, logger, {
    serviceName,
    connection: pgClientConfigFromDataSource(
      { type: 'postgres', url: env('DATABASE_URL') },
      timeouts,
      `${serviceName}-relay`,
    ),
    pollIntervalMs: Number(env('OUTBOX_POLL_INTERVAL_MS', '1000')),
    batchSize: Number(env('OUTBOX_BATCH_SIZE', '100')),
  });
  relay.start();
  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'stopping outbox relay');
    await relay.stop();
    await producer.disconnect();
    logger.info('outbox relay stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown(signal).catch((error: unknown) => {
        logger.error({ err: error }, 'outbox relay shutdown failed');
        process.exitCode = 1;
      });
    });
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'outbox relay failed to start');
  process.exitCode = 1;
});
