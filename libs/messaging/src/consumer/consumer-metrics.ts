import { metrics } from '@opentelemetry/api';
import { createInstruments } from '@shop/platform';

/** How a message ended; a closed set. */
export type ConsumeOutcome = 'handled' | 'duplicate' | 'dead-lettered';

/** Label value for messages whose type we do not handle: wire values never become labels. */
export const UNKNOWN_TYPE = 'unknown';

/**
 * Consumer metrics, labelled only by consumer group, handled event type (the
 * keys of the handler map) and outcome: all bounded sets. Created with the
 * runner so they bind to the MeterProvider registered at start-up.
 */
export class ConsumerMetrics {
  private readonly metric = createInstruments(
    {
      handled: {
        counter: 'consumer_handled_total',
        description: 'Messages finished by a consumer, by outcome',
      },
      duration: {
        histogram: 'consumer_handle_duration_seconds',
        description: 'Time to process a message, retries included',
        unit: 's',
      },
      duplicates: {
        counter: 'inbox_duplicates_total',
        description: 'Redelivered events skipped because the inbox already had them (P10)',
      },
    },
    metrics.getMeter('shop-messaging'),
  );

  constructor(private readonly consumer: string) {}

  record(type: string, outcome: ConsumeOutcome, seconds?: number): void {
    const attributes = { consumer: this.consumer, type };
    this.metric.handled.add(1, { ...attributes, outcome });
    if (outcome === 'duplicate') this.metric.duplicates.add(1, attributes);
    if (seconds !== undefined) this.metric.duration.record(seconds, attributes);
  }
}
