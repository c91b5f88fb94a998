import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  APP_CONFIG,
  JobWorker,
  LOGGER,
  pgClientConfigFromDataSource,
  type JobOutcome,
  type JobQueue,
  type Logger,
} from '@shop/platform';
import { DataSource } from 'typeorm';
import type { NotificationConfig } from '../notification.config';
import { NotificationRepository } from '../persistence/notification.repository';
import { PENDING_NOTIFICATIONS_CHANNEL } from '../recording/pending-channel';
import type { ClaimedNotification } from '../persistence/notification.repository';
import { DeadLetterRecorder } from './dead-letter-recorder';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings';
import { EMAIL_TRANSPORT, messageIdFor, type EmailTransport } from './email-transport.port';
import { classifySendFailure } from './send-failure';
import { SenderMetrics } from './sender-metrics';

const MARK_SENT_TRIES = 3;

/**
 * Sends committed PENDING notifications (README "Send pipeline") on the
 * platform's job worker (libs/platform/src/jobs): this class supplies only the
 * SQL of the notifications table and the SMTP send. Every replica runs one:
 * rows are claimed with FOR UPDATE SKIP LOCKED plus a lease, so replicas never
 * send the same row concurrently; at most `concurrency` sends are in flight per
 * replica; a failed send is retried after the backoff, then FAILED and
 * dead-lettered after NOTIFICATION_MAX_ATTEMPTS or a permanent rejection.
 *
 * Guarantee: at-least-once with a very small duplicate window. SMTP has no
 * transaction to join, so a crash (or a database failure) after the server
 * accepted a message and before `markSent` commits sends it again once the
 * lease runs out - with the same `Message-ID: <notification-id@shop.local>`,
 * which lets receiving systems and people recognise the duplicate.
 */
@Injectable()
export class NotificationSender
  implements JobQueue<ClaimedNotification>, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly name = 'notification-sender';
  private readonly metrics = new SenderMetrics();
  private readonly logger: Logger;
  private readonly worker: JobWorker<ClaimedNotification>;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetterRecorder,
    private readonly dataSource: DataSource,
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(APP_CONFIG) config: NotificationConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'notification-sender' });
    const connection = pgClientConfigFromDataSource(
      dataSource.options,
      { connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS },
      'notification-sender-listen',
    );
    const listen = { channel: PENDING_NOTIFICATIONS_CHANNEL, connection };
    this.worker = new JobWorker(this, { ...settings, listen }, this.logger);
  }

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  /** Stops claiming, lets in-flight sends finish (bounded), then closes the SMTP pool. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    this.transport.close();
  }

  claim(limit: number): Promise<ClaimedNotification[]> {
    return this.notifications.claimDue(limit, this.settings.leaseMs);
  }

  span(notification: ClaimedNotification) {
    return {
      name: `send email ${notification.kind}`,
      kind: SpanKind.CLIENT,
      attributes: {
        'shop.notification.id': notification.id,
        'shop.notification.kind': notification.kind,
        'shop.notification.attempt': notification.attempts,
      },
    };
  }

  async handle(notification: ClaimedNotification): Promise<JobOutcome> {
    const started = performance.now();
    try {
      await this.transport.send(
        {
          messageId: messageIdFor(notification.id),
          to: notification.recipient,
          subject: notification.subject,
          text: notification.bodyText,
          html: notification.bodyHtml,
          headers: { 'X-Shop-Notification-Kind': notification.kind },
        },
        AbortSignal.timeout(this.settings.sendTimeoutMs),
      );
    } catch (error) {
      const failure = classifySendFailure(error);
      const seconds = (performance.now() - started) / 1000;
      this.metrics.attempt(notification.kind, failure.permanent ? 'rejected' : 'error', seconds);
      trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      return { status: 'failed', error: failure.message, permanent: failure.permanent };
    }
    this.metrics.attempt(notification.kind, 'sent', (performance.now() - started) / 1000);
    // The duplicate window is here: keep it as short as possible (no awaits between
    // the SMTP ack and this UPDATE but a few quick retries of the UPDATE itself).
    return (await this.markSent(notification)) ? { status: 'completed' } : { status: 'lease-lost' };
  }

  async reschedule(notification: ClaimedNotification, delayMs: number, error: string): Promise<void> {
    // Guarded by `attempts`: a sender whose lease ran out must not move the newer claim.
    await this.notifications.scheduleRetry(notification.id, notification.attempts, delayMs, error);
  }

  /** FAILED and the dead letter in one transaction: never one without the other. */
  async giveUp(
    notification: ClaimedNotification,
    reason: 'max-attempts' | 'rejected',
    error: string,
  ): Promise<void> {
    const gaveUp = await this.dataSource.transaction(async (tx) => {
      if (!(await this.notifications.markFailed(tx, notification.id, notification.attempts, error)))
        return false;
      await this.deadLetters.record(tx, notification, reason, error);
      return true;
    });
    if (!gaveUp) return;
    this.metrics.gaveUp(notification.kind, reason);
    this.logger.error(
      {
        notificationId: notification.id,
        kind: notification.kind,
        attempts: notification.attempts,
        reason,
        error,
      },
      'notification FAILED and dead-lettered (P27)',
    );
  }

  /** False if the row was no longer PENDING (another replica finished it). */
  private async markSent(notification: ClaimedNotification): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.notifications.markSent(notification.id);
      } catch (error) {
        if (attempt >= MARK_SENT_TRIES) {
          this.logger.error(
            { err: error, notificationId: notification.id },
            'sent, but not marked SENT: it will be sent again after the lease, with the same Message-ID',
          );
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
}
