import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * shop.notification.dead-lettered.v1 - an email notification was given up:
 * the SMTP server kept failing for `NOTIFICATION_MAX_ATTEMPTS` attempts
 * (`max-attempts`) or rejected it permanently with a 5xx reply (`rejected`).
 * Published by notification through its outbox on topic
 * `notification.dead-letter.v1`, keyed by notification id. It carries the
 * original event untouched, so an operator can inspect it and replay it.
 */
export const NotificationDeadLetteredV1 = defineEvent(
  'shop.notification.dead-lettered.v1',
  'notification.dead-letter.v1',
  {
    notificationId: z.uuid(),
    userId: z.uuid(),
    /** welcome, order_confirmed, order_cancelled, payment_failed. */
    kind: z.string().min(1),
    /** Why it was given up: a closed set. */
    reason: z.enum(['max-attempts', 'rejected']),
    /** The last SMTP error, e.g. `ECONNECTION: connect ECONNREFUSED 127.0.0.1:1025`. */
    error: z.string(),
    attempts: z.number().int().nonnegative(),
    failedAt: z.iso.datetime({ offset: true }),
    /** The event that caused the notification, as it was consumed. */
    originalEvent: z.object({
      id: z.uuid(),
      type: z.string().min(1),
      source: z.string().min(1),
      subject: z.string().min(1),
      time: z.string().min(1),
      data: z.unknown(),
    }),
  },
);

export type NotificationDeadLetteredV1Data = z.infer<typeof NotificationDeadLetteredV1.schema>;
