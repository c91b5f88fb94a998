import type { Logger } from 'pino';

import { backoffDelayMs, type BackoffOptions } from '@shop/platform';
import type { EventPublisher } from '../ports/event-publisher.port';
import { abortableSleep } from '../retry/abortable-sleep';
import type { OutboxMetrics } from './outbox-metrics';
import { outboxRowToEvent, type OutboxRow } from './outbox-row';
import type { OutboxStore } from './outbox-store';

/**
 * Publishes one batch of outbox rows, then marks them published. Retries the
 * *same* batch (same rows, same order) until Kafka acks it and never skips a
 * row: skipping would break per-aggregate order. So an unpublishable row (say
 * its topic was deleted) blocks the relay, visibly - `attempts`/`last_error` on
 * the rows, `outbox_pending` and the lag climb, errors are logged - until an
 * operator fixes the cause. Order over availability, on purpose.
 */
export class OutboxBatchPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly metrics: OutboxMetrics,
    private readonly logger: Logger,
    private readonly backoff: BackoffOptions,
    /** Aborted on stop: ends the backoff at once; the batch stays unpublished for the next leader. */
    private readonly stopped: AbortSignal,
  ) {}

  /** Returns false when stopped before Kafka acked the batch (nothing marked). */
  async publish(store: OutboxStore, rows: readonly OutboxRow[]): Promise<boolean> {
    const ids = rows.map((row) => row.id);
    const events = rows.map(outboxRowToEvent);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.publisher.publish(events);
        break;
      } catch (error) {
        const delayMs = backoffDelayMs(attempt, this.backoff);
        this.logger.error(
          { err: error, attempt, delayMs, firstId: ids[0], rows: ids.length },
          'outbox publish failed',
        );
        await store.recordFailure(ids, error instanceof Error ? error.message : String(error));
        await abortableSleep(delayMs, this.stopped);
        if (this.stopped.aborted) return false;
      }
    }
    const publishedAt = Date.now();
    // Dying before this UPDATE republishes the batch on restart: at-least-once, consumers dedupe.
    await store.markPublished(ids);
    this.metrics.recordPublished(rows, publishedAt);
    return true;
  }
}
