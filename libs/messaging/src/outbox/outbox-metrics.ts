import { metrics, type ObservableGauge, type ObservableResult } from '@opentelemetry/api';
import { createInstruments } from '@shop/platform';

import type { OutboxRow } from './outbox-row';

// Lag buckets sized for the commit->publish target (p99 < 50 ms) with a tail for outages.
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Outbox relay metrics. Created when the relay is built (not at import), so
 * they bind to the MeterProvider the platform registered at start-up. No
 * labels but the service: bounded by construction.
 */
export class OutboxMetrics {
  private readonly meter = metrics.getMeter('shop-messaging');
  private readonly metric = createInstruments(
    {
      published: {
        counter: 'outbox_published_total',
        description: 'Outbox events published to Kafka (at-least-once: a crash can publish an event twice)',
      },
      lag: {
        histogram: 'outbox_publish_lag_seconds',
        description: 'Time from recording an event in the outbox to its acknowledgement by Kafka',
        unit: 's',
        buckets: LAG_BUCKETS,
      },
    },
    this.meter,
  );
  private readonly pendingGauge: ObservableGauge;
  /** Last pending count the leader measured; undefined while standby (nothing reported). */
  pending: number | undefined;

  constructor(private readonly serviceName: string) {
    this.pendingGauge = this.meter.createObservableGauge('outbox_pending', {
      description: 'Outbox events not yet published (reported by the leader relay only)',
    });
    this.pendingGauge.addCallback(this.observePending);
  }

  /** Detaches the gauge callback so a stopped relay is not kept alive by the meter. */
  close(): void {
    this.pendingGauge.removeCallback(this.observePending);
  }

  private readonly observePending = (result: ObservableResult): void => {
    if (this.pending !== undefined) result.observe(this.pending, { service: this.serviceName });
  };

  recordPublished(rows: readonly OutboxRow[], publishedAt: number): void {
    const attributes = { service: this.serviceName };
    this.metric.published.add(rows.length, attributes);
    for (const row of rows)
      this.metric.lag.record(Math.max(0, publishedAt - row.created_at.getTime()) / 1000, attributes);
  }
}
