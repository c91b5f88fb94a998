import { Client } from 'pg';
import type { Logger } from 'pino';

import { backoffDelayMs, WakeSignal, withTracingSuppressed } from '@shop/platform';
import type { EventPublisher } from '../ports/event-publisher.port';
import { abortableSleep } from '../retry/abortable-sleep';
import { outboxChannel, relayLockName } from './outbox-channel';
import { OutboxBatchPublisher } from './outbox-batch-publisher';
import { OutboxMetrics } from './outbox-metrics';
import { OutboxRetention } from './outbox-retention';
import {
  resolveRelaySettings,
  type OutboxRelayOptions,
  type OutboxRelaySettings,
} from './outbox-relay.options';
import { OutboxStore } from './outbox-store';

/**
 * Publishes committed outbox rows to Kafka. One relay per service is
 * active: the leader holding a session advisory lock; other replicas stand by
 * and retry the lock. The leader LISTENs for the writer's NOTIFY, drains the
 * table in id order until empty, and polls as a safety net. Delivery is
 * at-least-once: a crash between the Kafka ack and the UPDATE republishes the
 * batch on restart; consumers deduplicate by event id.
 */
export class OutboxRelay {
  private readonly settings: OutboxRelaySettings;
  private readonly channel: string;
  private readonly lockName: string;
  private readonly wake = new WakeSignal();
  private readonly abort = new AbortController();
  private readonly metrics: OutboxMetrics;
  private readonly batches: OutboxBatchPublisher;
  private readonly logger: Logger;
  private running: Promise<void> | undefined;
  private stopping = false;
  private leader = false;

  constructor(
    publisher: EventPublisher,
    logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.settings = resolveRelaySettings(options);
    this.channel = outboxChannel(options.serviceName);
    this.lockName = relayLockName(options.serviceName);
    this.logger = logger.child({ component: 'outbox-relay' });
    this.metrics = new OutboxMetrics(options.serviceName);
    const { publishBackoff } = this.settings;
    this.batches = new OutboxBatchPublisher(
      publisher,
      this.metrics,
      this.logger,
      publishBackoff,
      this.abort.signal,
    );
  }

  /** True while this instance holds the leader lock and publishes. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Starts the relay in the background; returns at once (it waits for the lock/connection itself). */
  start(): void {
    // Infrastructure loop: no root span per poll query (noise), no transport spans.
    this.running ??= withTracingSuppressed(() => this.run());
  }

  /** Finishes the in-flight batch, releases the lock, closes the session. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wake.notify();
    await this.running;
    this.metrics.close();
  }

  private async run(): Promise<void> {
    for (let failures = 0; !this.stopping;) {
      try {
        await this.session();
        failures = 0;
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelayMs(failures, this.settings.reconnectBackoff);
        this.logger.warn({ err: error, delayMs }, 'outbox relay session failed; reconnecting');
        await abortableSleep(delayMs, this.abort.signal);
      }
    }
  }

  /** One database session: connect, win the lock, publish until stopped or the session breaks. */
  private async session(): Promise<void> {
    const client = new Client(this.options.connection);
    // A dropped connection emits 'error' on an idle client: ring, so the next query fails fast and we reconnect.
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox relay connection error');
      this.wake.notify();
    });
    client.on('notification', () => this.wake.notify());
    const store = new OutboxStore(client);
    let locked = false;
    try {
      await client.connect();
      locked = await this.acquireLock(store);
      if (!locked) return;
      this.leader = true;
      this.logger.info({ channel: this.channel }, 'outbox relay is the leader');
      // LISTEN before the first drain: whatever commits after it rings; whatever committed before, the drain reads.
      await store.listen(this.channel);
      const retention =
        this.options.retention === false
          ? undefined
          : new OutboxRetention(store, this.logger, this.options.retention);
      let pendingMeasuredAt = 0;
      while (!this.stopping) {
        await this.drain(store);
        if (Date.now() - pendingMeasuredAt >= this.settings.pollIntervalMs) {
          this.metrics.pending = await store.countPending();
          pendingMeasuredAt = Date.now();
        }
        const notified = await this.wake.wait(this.settings.pollIntervalMs);
        if (!notified) await retention?.runIfDue();
      }
    } finally {
      this.leader = false;
      this.metrics.pending = undefined;
      if (locked) await store.unlock(this.lockName).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  /** Standby: retry the lock until it is ours or we are stopping. */
  private async acquireLock(store: OutboxStore): Promise<boolean> {
    while (!this.stopping) {
      if (await store.tryLock(this.lockName)) return true;
      await abortableSleep(this.settings.pollIntervalMs, this.abort.signal);
    }
    return false;
  }

  /** Publishes batches in id order until the table has nothing left (low lag: never wait for the poll). */
  private async drain(store: OutboxStore): Promise<void> {
    while (!this.stopping) {
      this.wake.reset();
      const rows = await store.fetchUnpublished(this.settings.batchSize);
      if (rows.length === 0) return;
      if (!(await this.batches.publish(store, rows))) return;
      // A short batch read everything committed before the SELECT; a row committed since
      // rang the wake signal (reset above), so the caller's wait returns at once: no
      // second SELECT just to find the table empty.
      if (rows.length < this.settings.batchSize) return;
    }
  }
}
