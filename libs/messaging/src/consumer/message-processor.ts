import type { EventEnvelope } from '@shop/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { backoffDelayMs, type BackoffOptions } from '@shop/platform';
import { claimInboxEvent, claimInboxEvents, inboxKey } from '../inbox/inbox-store';
import { fromKafkaMessage } from '../kafka/kafka-message.mapper';
import type { EventHandler } from '../ports/event-handler.port';
import { abortableSleep } from '../retry/abortable-sleep';
import { ConsumerMetrics, UNKNOWN_TYPE, type ConsumeOutcome } from './consumer-metrics';
import { withConsumerSpan, type ConsumedAt } from './consumer-span';
import type { DeadLetterReason } from '../kafka/dead-letter';
import type { DeadLetterPublisher } from '../kafka/dead-letter-publisher';

export interface MessageProcessorOptions {
  /** The consumer group id; also the inbox's `consumer` column. */
  readonly consumer: string;
  readonly handlers: ReadonlyMap<string, EventHandler>;
  readonly maxAttempts: number;
  readonly retryBackoff: BackoffOptions;
}

interface BatchItem {
  readonly delivery: Delivery;
  readonly envelope: EventEnvelope;
  readonly handler: EventHandler;
}

/**
 * A consumed record as the processor sees it: the client's own type stays in
 * kafka/ (ADR 0001), this is the shape every Kafka client gives.
 */
export interface ConsumedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
  readonly offset: string;
  readonly timestamp: string;
}

export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly message: ConsumedRecord;
  readonly heartbeat: () => Promise<void>;
}

/**
 * One message, start to finish: decode, dedupe through the inbox and run the
 * handler in one transaction, retry failures with backoff, park poison
 * messages on the DLT. Resolves when the message may be committed;
 * rejects only when it must be redelivered (the database itself is unreachable,
 * or the DLT could not be written).
 */
export class MessageProcessor {
  private readonly metrics: ConsumerMetrics;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly logger: Logger,
    private readonly options: MessageProcessorOptions,
  ) {
    this.metrics = new ConsumerMetrics(options.consumer);
  }

  async process(delivery: Delivery): Promise<ConsumeOutcome> {
    const routed = this.route(delivery);
    if ('reason' in routed) return this.deadLetter(delivery, UNKNOWN_TYPE, routed.reason, routed.error, 0);
    const { envelope, handler } = routed;
    return withConsumerSpan(envelope, this.consumedAt(delivery), () =>
      this.handleWithRetries(delivery, envelope, handler),
    );
  }

  /** The message decoded, with its handler; or why it cannot be handled at all (it goes to the DLT). */
  private route(delivery: Delivery): BatchItem | { reason: DeadLetterReason; error: unknown } {
    let envelope: EventEnvelope;
    try {
      envelope = fromKafkaMessage(delivery.message);
    } catch (error) {
      return { reason: 'decode-error', error };
    }
    const handler = this.options.handlers.get(envelope.type);
    if (!handler) return { reason: 'no-handler', error: new Error(`no handler for ${envelope.type}`) };
    return { delivery, envelope, handler };
  }

  private consumedAt(delivery: Delivery): ConsumedAt {
    return { ...delivery, offset: delivery.message.offset, consumer: this.options.consumer };
  }

  /**
   * PERFORMANCE WORK, not part of the inbox pattern (which is `process` above):
   * an opt-in measured in docs/performance.md ("Tuning round", changes 3 and 4).
   *
   * Several messages of one partition in ONE transaction: one inbox statement,
   * one COMMIT (a WAL flush) for all, instead of a transaction each. Under load a
   * fetch brings several messages, and per-statement round trips and commits are
   * most of a message's cost. Same guarantees as `process`: the inbox claims
   * commit with the effects, in partition order. Any failure rolls the
   * whole group back and falls back to `process` one by one, with its retries
   * and dead-lettering, so one poison message never holds the others.
   */
  async processAll(deliveries: readonly Delivery[]): Promise<void> {
    const decoded = deliveries.length > 1 ? this.decodeAll(deliveries) : undefined;
    if (decoded) {
      try {
        await this.handleInOneTransaction(decoded);
        return;
      } catch (error) {
        this.logger.warn(
          { err: error, messages: deliveries.length },
          'batch transaction failed; handling its messages one by one',
        );
      }
    }
    for (const delivery of deliveries) await this.process(delivery);
  }

  /** Every message decoded with a handler, or undefined: the odd one goes the one-by-one way. */
  private decodeAll(deliveries: readonly Delivery[]): BatchItem[] | undefined {
    const items: BatchItem[] = [];
    for (const delivery of deliveries) {
      const routed = this.route(delivery);
      if ('reason' in routed) return undefined;
      items.push(routed);
    }
    return items;
  }

  private async handleInOneTransaction(items: readonly BatchItem[]): Promise<void> {
    const started = performance.now();
    const outcomes = await this.dataSource.transaction(async (tx) => {
      const claimed = await claimInboxEvents(
        tx,
        this.options.consumer,
        items.map((item) => item.envelope),
      );
      const results: { type: string; outcome: ConsumeOutcome }[] = [];
      for (const { delivery, envelope, handler } of items) {
        // `delete`: a second copy of the same event in this batch is a duplicate too.
        const fresh = claimed.delete(inboxKey(envelope.id));
        const outcome = await withConsumerSpan(envelope, this.consumedAt(delivery), async () => {
          if (!fresh) return 'duplicate';
          await handler.handle(envelope, tx);
          return 'handled';
        });
        results.push({ type: envelope.type, outcome });
      }
      return results;
    });
    // One transaction for all: each message is charged an equal share of it.
    const seconds = (performance.now() - started) / 1000 / items.length;
    for (const { type, outcome } of outcomes) this.metrics.record(type, outcome, seconds);
  }

  private async handleWithRetries(
    delivery: Delivery,
    envelope: EventEnvelope,
    handler: EventHandler,
  ): Promise<ConsumeOutcome> {
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.dataSource.transaction(async (tx) => {
          if (!(await claimInboxEvent(tx, this.options.consumer, envelope))) return false;
          await handler.handle(envelope, tx);
          return true;
        });
        const outcome = applied ? 'handled' : 'duplicate';
        if (!applied)
          this.logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped (P10)');
        this.metrics.record(envelope.type, outcome, (performance.now() - started) / 1000);
        return outcome;
      } catch (error) {
        if (attempt >= this.options.maxAttempts) {
          await this.assertDatabaseReachable(error);
          return this.deadLetter(delivery, envelope.type, 'max-attempts', error, attempt);
        }
        const delayMs = backoffDelayMs(attempt, this.options.retryBackoff);
        this.logger.warn(
          { err: error, eventId: envelope.id, type: envelope.type, attempt, delayMs },
          'handler failed; retrying',
        );
        await abortableSleep(delayMs);
        // Keeps the group membership alive during long backoffs; throws on a rebalance -> redelivery.
        await delivery.heartbeat();
      }
    }
  }

  /**
   * A database outage is not a poison message: parking every message that
   * arrives while Postgres is down would empty the topic into the DLT. Throwing
   * leaves the offset uncommitted, so the message is redelivered later.
   */
  private async assertDatabaseReachable(handlerError: unknown): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new Error('handler failed and the database is unreachable; not dead-lettering', {
        cause: handlerError,
      });
    }
  }

  private async deadLetter(
    delivery: Delivery,
    type: string,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ): Promise<ConsumeOutcome> {
    const { topic, partition, message } = delivery;
    await this.deadLetters.publish({
      topic,
      partition,
      message,
      consumer: this.options.consumer,
      reason,
      error,
      attempts,
    });
    this.logger.error(
      { err: error, topic, partition, offset: message.offset, reason, attempts },
      'message dead-lettered (P27)',
    );
    this.metrics.record(type, 'dead-lettered');
    return 'dead-lettered';
  }
}
