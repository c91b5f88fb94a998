import { createInstruments } from '@shop/platform';
import type { NotificationKind } from '../notification-kind';

/** How one send attempt ended: a closed set, like `kind`. Ids never become labels. */
export type SendOutcome = 'sent' | 'error' | 'rejected';
export type GiveUpReason = 'max-attempts' | 'rejected';

// Seconds: a local relay answers in milliseconds; the tail reaches SMTP_SEND_TIMEOUT_MS.
const SEND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30];

/** Business metrics of the sender, on the service's one registry next to the runtime ones. */
export class SenderMetrics {
  private readonly metric = createInstruments({
    sent: {
      counter: 'notification_sent_total',
      description: 'Emails accepted by the SMTP server (at-least-once: README "Guarantees")',
    },
    failed: {
      counter: 'notification_failed_total',
      description: 'Notifications given up (FAILED and dead-lettered), by reason',
    },
    duration: {
      histogram: 'notification_send_duration_seconds',
      description: 'Duration of one SMTP send attempt, by kind and outcome',
      unit: 's',
      buckets: SEND_BUCKETS,
    },
  });

  attempt(kind: NotificationKind, outcome: SendOutcome, seconds: number): void {
    this.metric.duration.record(seconds, { kind, outcome });
    if (outcome === 'sent') this.metric.sent.add(1, { kind });
  }

  gaveUp(kind: NotificationKind, reason: GiveUpReason): void {
    this.metric.failed.add(1, { kind, reason });
  }
}
