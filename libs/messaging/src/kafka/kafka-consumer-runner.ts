import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { backoffDelayMs, type BackoffOptions } from '@shop/platform';
import type { EventHandler } from '../ports/event-handler.port';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { MessageProcessor } from '../consumer/message-processor';

export interface ConsumerRunnerOptions {
  /** Consumer group id; also the inbox `consumer` name (one dedupe scope per group). */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Handler per event type (`shop.<ctx>.<event>.v<N>`). */
  readonly handlers: Readonly<Record<string, EventHandler>>;
  /** Partitions processed in parallel (default 1: bounded). Order holds within a partition. */
  readonly concurrency?: number;
  /** Handler attempts before the message goes to the DLT (default 5). */
  readonly maxAttempts?: number;
  /** Between handler attempts (default 200 ms .. 5 s); keep the total well under the session timeout. */
  readonly retryBackoff?: BackoffOptions;
  /** Kafka session timeout (default 10 s); heartbeats every third of it. */
  readonly sessionTimeoutMs?: number;
  /**
   * Performance work, opt-in (docs/performance.md, "Tuning round"): messages of
   * one partition handled in one database transaction (default 1;
   * MessageProcessor.processAll). More saves a BEGIN/COMMIT and an inbox insert
   * per message under load, but holds every lock the group takes until its
   * COMMIT, in message order rather than a global one: keep 1 for handlers that
   * update shared hot rows (stock), or groups deadlock on each other.
   */
  readonly messagesPerTransaction?: number;
}

/** The most messages of one batch handled before their offset is committed: bounds the redelivery after a crash. */
const COMMIT_EVERY = 50;

/** Between attempts to rejoin after a crash kafkajs gave up on: 0.5 s doubling to 10 s, for as long as it takes. */
const REJOIN_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 'equal' };

/**
 * One consumer group: offsets are committed by hand, once per fetched
 * batch, only after the messages' effects committed in Postgres (commit after
 * effect); messages of a partition in order, one (or `messagesPerTransaction`)
 * per database transaction; bounded partition concurrency. A crash between the
 * two commits redelivers them; the inbox turns that into no-ops.
 */
export class KafkaConsumerRunner {
  private readonly consumer: Consumer;
  private readonly processor: MessageProcessor;
  private readonly logger: Logger;
  private stopped: Promise<void> | undefined;
  /** Crashes since the group was last joined: drives the rejoin backoff. */
  private crashes = 0;
  private rejoinTimer: NodeJS.Timeout | undefined;

  constructor(
    kafka: Kafka,
    dataSource: DataSource,
    deadLetters: DeadLetterPublisher,
    logger: Logger,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.logger = logger.child({ component: 'kafka-consumer', consumer: options.groupId });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 10_000) / 3)),
      // Longest an idle fetch waits for data: also bounds how long stop() waits for it.
      maxWaitTimeInMs: 500,
    });
    this.processor = new MessageProcessor(dataSource, deadLetters, this.logger, {
      consumer: options.groupId,
      handlers: new Map(Object.entries(options.handlers)),
      maxAttempts: options.maxAttempts ?? 5,
      retryBackoff: options.retryBackoff ?? { baseMs: 200, maxMs: 5_000, jitter: 'equal' },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.rejoinAfterCrash(payload.error);
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.crashes = 0;
    });
  }

  /** Joins the group and starts consuming; resolves once the group is joined. */
  async start(): Promise<void> {
    await this.consumer.connect();
    // A new group starts at the earliest offset: events recorded before the
    // consumer first deployed are not skipped; the inbox absorbs any replay.
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.logger.info({ topics: this.options.topics }, 'consumer started');
  }

  /**
   * kafkajs restarts a crashed consumer only for errors it deems retriable. A
   * broker restart or a coordinator move can surface as a "non-retriable" one
   * (`Failed to find group coordinator`): kafkajs then leaves the consumer
   * disconnected for good while the service stays up and ready, and its
   * messages pile up unread: every saga would stall. So the runner rejoins by
   * itself with capped backoff, for as long as it takes, until the service stops.
   * A failed rejoin crashes again (or throws) and lands here again.
   */
  private rejoinAfterCrash(error: unknown): void {
    if (this.stopped) return;
    this.crashes += 1;
    const delayMs = backoffDelayMs(Math.min(this.crashes, 10), REJOIN_BACKOFF);
    this.logger.error(
      { err: error, attempt: this.crashes, delay_ms: delayMs },
      'consumer crashed and kafkajs will not restart it; rejoining',
    );
    this.rejoinTimer = setTimeout(() => {
      if (this.stopped) return;
      this.start().catch((startError: unknown) => this.rejoinAfterCrash(startError));
    }, delayMs);
  }

  /** Stops fetching, lets the in-flight messages finish and commit, leaves the group, disconnects. */
  async stop(): Promise<void> {
    clearTimeout(this.rejoinTimer);
    this.stopped ??= this.consumer.disconnect().then(() => this.logger.info('consumer stopped'));
    await this.stopped;
  }

  /**
   * Messages of one partition, in order, `messagesPerTransaction` at a time.
   * `eachBatch` rather than `eachMessage` because `consumer.commitOffsets()` is
   * silently skipped by kafkajs once stop() began, which would leave the
   * in-flight message's effect committed but its offset not; the batch's own
   * commit still works then.
   *
   * The offset is committed once per batch (and every COMMIT_EVERY messages of a
   * long one), not per message: each commit is a broker round trip, and under
   * load a fetch brings several messages. Still commit after effect: a
   * crash before the commit redelivers the batch's handled messages, which the
   * inbox turns into no-ops.
   */
  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) {
    const { topic, partition } = batch;
    const perTransaction = Math.max(1, this.options.messagesPerTransaction ?? 1);
    let uncommitted: string | undefined;
    const commit = async () => {
      if (uncommitted === undefined || isStale()) return;
      // The next offset to read, only now that the effects (or DLT records) up to `uncommitted` are durable.
      const offset = (BigInt(uncommitted) + 1n).toString();
      uncommitted = undefined;
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] });
    };
    let sinceCommit = 0;
    try {
      for (let start = 0; start < batch.messages.length; start += perTransaction) {
        // Stopping or the partition moved in a rebalance: leave the rest unprocessed and uncommitted.
        if (!isRunning() || isStale()) return;
        const group = batch.messages.slice(start, start + perTransaction);
        await this.processor.processAll(group.map((message) => ({ topic, partition, message, heartbeat })));
        // kafkajs keeps the highest resolved offset per partition: the group's last one covers it.
        uncommitted = group.at(-1)?.offset;
        if (uncommitted !== undefined) resolveOffset(uncommitted);
        sinceCommit += group.length;
        if (sinceCommit >= COMMIT_EVERY) {
          sinceCommit = 0;
          await commit();
        }
        // Throttled by kafkajs to one per heartbeat interval: keeps a long batch's membership alive.
        await heartbeat();
      }
    } finally {
      await commit();
    }
  }
}
