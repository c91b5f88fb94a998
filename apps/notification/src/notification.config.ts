import { z } from 'zod';
import {
  baseConfigSchema,
  databaseConfigSchema,
  grpcServerConfigSchema,
  kafkaConfigSchema,
  port,
  positiveInt,
} from '@shop/platform';

/** SMTP relay (Mailpit locally and in compose/kind; a real relay in production). */
const smtpConfigSchema = z.object({
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: port(),
  /** RFC 5322 sender, e.g. `Shop <no-reply@shop.local>`. */
  SMTP_FROM: z.string().min(3).default('Shop <no-reply@shop.local>'),
  /** Optional AUTH (Mailpit accepts any or none); the password belongs in the app's Secret. */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  // Every SMTP step is bounded; a hung relay costs at most these, never a stuck sender.
  SMTP_CONNECTION_TIMEOUT_MS: positiveInt().default(3_000),
  SMTP_GREETING_TIMEOUT_MS: positiveInt().default(3_000),
  SMTP_SOCKET_TIMEOUT_MS: positiveInt().default(10_000),
  /** Bound on one whole send (queueing for a pooled connection included): aborted past it. */
  SMTP_SEND_TIMEOUT_MS: positiveInt().default(20_000),
});

/** The send pipeline (delivery/): retries, lease, batch size, polling. */
const deliveryConfigSchema = z.object({
  /** Sends of one notification before it is marked FAILED and dead-lettered. */
  NOTIFICATION_MAX_ATTEMPTS: positiveInt().default(5),
  /** Capped exponential backoff with jitter between send attempts. */
  NOTIFICATION_RETRY_INITIAL_MS: positiveInt().default(2_000),
  NOTIFICATION_RETRY_MAX_MS: positiveInt().default(60_000),
  /**
   * How long a claimed notification is reserved for the replica sending it. Must
   * outlast a whole send (>= 2 x SMTP_SEND_TIMEOUT_MS, validated below), or a slow
   * send could be claimed and sent again by another replica. Also how long a row
   * claimed by a replica that crashed waits before another replica retries it.
   */
  NOTIFICATION_SEND_LEASE_MS: positiveInt().default(60_000),
  /** Notifications sent at once per replica (bounded); also the SMTP pool size. */
  NOTIFICATION_SEND_CONCURRENCY: positiveInt().max(32).default(4),
  /** Fallback poll when no NOTIFY arrives (retries coming due, a lost notification). */
  NOTIFICATION_POLL_INTERVAL_MS: positiveInt().default(1_000),
  /**
   * Order/payment events whose customer is not in the local projection yet are
   * retried by the consumer this many times (backoff below), then dead-lettered
   * to `<topic>.dlt` (README "Recipients").
   */
  NOTIFICATION_RECIPIENT_MAX_ATTEMPTS: positiveInt().default(8),
  NOTIFICATION_RECIPIENT_RETRY_INITIAL_MS: positiveInt().default(500),
  NOTIFICATION_RECIPIENT_RETRY_MAX_MS: positiveInt().default(8_000),
});

export const notificationConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcServerConfigSchema.shape)
  .extend(smtpConfigSchema.shape)
  .extend(deliveryConfigSchema.shape)
  .superRefine((config, ctx) => {
    // The lease must outlive an aborted send plus the UPDATE that records its outcome.
    if (config.NOTIFICATION_SEND_LEASE_MS < 2 * config.SMTP_SEND_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFICATION_SEND_LEASE_MS'],
        message: `must be at least twice SMTP_SEND_TIMEOUT_MS (${config.SMTP_SEND_TIMEOUT_MS} ms), or a slow send could be claimed and sent again`,
      });
    }
    if (config.NOTIFICATION_RETRY_MAX_MS < config.NOTIFICATION_RETRY_INITIAL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFICATION_RETRY_MAX_MS'],
        message: 'must be >= NOTIFICATION_RETRY_INITIAL_MS',
      });
    }
  });

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
