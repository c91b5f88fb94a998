import { getMeter } from '@shop/platform';
import type { Counter, Histogram } from '@opentelemetry/api';
import type { NotificationKind } from '../notification-kind';

/** How one send attempt ended: a closed set, like `kind`. Ids never become labels. */
export type SendOutcome = 'sent' | 'error' | 'rejected';
export type GiveUpReason = 'max-attempts' | 'rejected';

// Seconds: a local relay answers in milliseconds; the tail reaches SMTP_SEND_TIMEOUT_MS.
const SEND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30];

/** Business metrics of the sender, on the service's one registry next to the runtime ones. */
export class SenderMetrics {
  private readonly sent: Counter;
  private readonly failed: Counter;
  private readonly duration: Histogram;

  constructor() {
    const meter = getMeter();
    this.sent = meter.createCounter('notification_sent_total', {
      description: 'Emails accepted by the SMTP server (at-least-once: README "Guarantees")',
    });
    this.failed = meter.createCounter('notification_failed_total', {
      description: 'Notifications given up (FAILED and dead-lettered), by reason',
    });
    this.duration = meter.createHistogram('notification_send_duration_seconds', {
      description: 'Duration of one SMTP send attempt, by kind and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: SEND_BUCKETS },
    });
  }

  attempt(kind: NotificationKind, outcome: SendOutcome, seconds: number): void {
    this.duration.record(seconds, { kind, outcome });
    if (outcome === 'sent') this.sent.add(1, { kind });
  }

  gaveUp(kind: NotificationKind, reason: GiveUpReason): void {
    this.failed.add(1, { kind, reason });
  }
}
