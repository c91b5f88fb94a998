import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

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
  private readonly handled: Counter;
  private readonly duration: Histogram;
  private readonly duplicates: Counter;

  constructor(private readonly consumer: string) {
    const meter = metrics.getMeter('shop-messaging');
    this.handled = meter.createCounter('consumer_handled_total', {
      description: 'Messages finished by a consumer, by outcome',
    });
    this.duration = meter.createHistogram('consumer_handle_duration_seconds', {
      description: 'Time to process a message, retries included',
      unit: 's',
    });
    this.duplicates = meter.createCounter('inbox_duplicates_total', {
      description: 'Redelivered events skipped because the inbox already had them (P10)',
    });
  }

  record(type: string, outcome: ConsumeOutcome, seconds?: number): void {
    const attributes = { consumer: this.consumer, type };
    this.handled.add(1, { ...attributes, outcome });
    if (outcome === 'duplicate') this.duplicates.add(1, attributes);
    if (seconds !== undefined) this.duration.record(seconds, attributes);
  }
}
