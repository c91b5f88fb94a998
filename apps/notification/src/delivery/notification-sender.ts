import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { extractTraceContext } from '@shop/messaging';
import {
  APP_CONFIG,
  backoffDelayMs,
  LOGGER,
  nextStepAfterFailure,
  WakeSignal,
  withTracingSuppressed,
  type BackoffOptions,
  type Logger,
} from '@shop/platform';
import { DataSource } from 'typeorm';
import type { NotificationConfig } from '../notification.config';
import type { ClaimedNotification } from './claimed-notification';
import { DeadLetterRecorder } from './dead-letter-recorder';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings';
import { DeliveryStore } from './delivery-store';
import { EMAIL_TRANSPORT, messageIdFor, type EmailTransport } from './email-transport.port';
import { PendingListener } from './pending-listener';
import { classifySendFailure, type SendFailure } from './send-failure';
import { SenderMetrics } from './sender-metrics';

const LOOP_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 5_000, jitter: 'equal' };
const MARK_SENT_TRIES = 3;

/**
 * Sends committed PENDING notifications (README "Send pipeline"). Every replica
 * runs one: rows are claimed with FOR UPDATE SKIP LOCKED plus a lease, so
 * replicas never send the same row concurrently. Woken by LISTEN/NOTIFY when a
 * handler commits, by a finished send, or by the poll (retries coming due).
 * At most `concurrency` sends are in flight per replica (P27).
 *
 * Guarantee: at-least-once with a very small duplicate window. SMTP has no
 * transaction to join, so a crash (or a database failure) after the server
 * accepted a message and before `markSent` commits sends it again once the
 * lease runs out - with the same `Message-ID: <notification-id@shop.local>`,
 * which lets receiving systems and people recognise the duplicate.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly doorbell = new WakeSignal();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly metrics = new SenderMetrics();
  private readonly tracer = trace.getTracer('notification-sender');
  private readonly logger: Logger;
  private readonly listener: PendingListener;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: DeliveryStore,
    private readonly deadLetters: DeadLetterRecorder,
    private readonly dataSource: DataSource,
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(APP_CONFIG) config: NotificationConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'notification-sender' });
    this.listener = new PendingListener(
      dataSource,
      { connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS },
      this.logger,
      () => this.doorbell.notify(),
    );
  }

  onApplicationBootstrap(): void {
    this.listener.start();
    // The loop's own queries are infrastructure: no root span per poll (P20 noise).
    this.running = withTracingSuppressed(() => this.run());
  }

  /** Stops claiming, lets in-flight sends finish (bounded), closes the session and the SMTP pool (P07). */
  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    this.doorbell.notify();
    await this.running;
    const drained = await Promise.race([
      Promise.all(this.inFlight).then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, this.settings.shutdownWaitMs, false).unref()),
    ]);
    if (!drained) {
      this.logger.warn(
        { inFlight: this.inFlight.size },
        'sends still in flight at shutdown; their leases expire and another replica retries them',
      );
    }
    await this.listener.stop();
    this.transport.close();
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    for (let failures = 0; !signal.aborted;) {
      try {
        const free = this.settings.concurrency - this.inFlight.size;
        if (free > 0) {
          this.doorbell.reset();
          const claimed = await this.store.claimDue(free, this.settings.leaseMs);
          failures = 0;
          for (const notification of claimed) this.track(this.deliver(notification));
          if (claimed.length === free) continue; // probably more due: claim again once a slot frees up
        }
        await this.doorbell.wait(this.settings.pollIntervalMs, signal);
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelayMs(Math.min(failures, 10), LOOP_BACKOFF);
        this.logger.warn({ err: error, delayMs }, 'claiming notifications failed; retrying');
        await this.doorbell.wait(delayMs, signal);
      }
    }
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      this.inFlight.delete(delivery);
      this.doorbell.notify(); // a slot is free
    });
  }

  /** One attempt. Never rejects: whatever fails here, the lease brings the row back. */
  private deliver(notification: ClaimedNotification): Promise<void> {
    const attributes = {
      'shop.notification.id': notification.id,
      'shop.notification.kind': notification.kind,
      'shop.notification.attempt': notification.attempts,
    };
    // P20: parented on the consumer that recorded the row, i.e. the producer's trace.
    const parent = extractTraceContext(notification.trace);
    return this.tracer.startActiveSpan(
      `send email ${notification.kind}`,
      { kind: SpanKind.CLIENT, attributes },
      parent,
      async (span) => {
        try {
          await this.attempt(notification, span);
        } catch (error) {
          span.recordException(error as Error);
          this.logger.error(
            { err: error, notificationId: notification.id },
            'recording a send outcome failed; the lease will retry the notification',
          );
        } finally {
          span.end();
        }
      },
    );
  }

  private async attempt(notification: ClaimedNotification, span: Span): Promise<void> {
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
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      await this.onFailure(notification, failure);
      return;
    }
    this.metrics.attempt(notification.kind, 'sent', (performance.now() - started) / 1000);
    // The duplicate window is here: keep it as short as possible (no awaits between
    // the SMTP ack and this UPDATE but a few quick retries of the UPDATE itself).
    await this.markSent(notification);
  }

  private async markSent(notification: ClaimedNotification): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await this.store.markSent(notification.id))) {
          this.logger.warn({ notificationId: notification.id }, 'sent, but the row was no longer PENDING');
        }
        return;
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

  private async onFailure(notification: ClaimedNotification, failure: SendFailure): Promise<void> {
    const step = nextStepAfterFailure(notification.attempts, failure, this.settings.retry);
    const context = {
      notificationId: notification.id,
      kind: notification.kind,
      attempts: notification.attempts,
    };
    if (step.action === 'retry') {
      await this.store.scheduleRetry(notification.id, notification.attempts, step.delayMs, failure.message);
      this.logger.warn(
        { ...context, delayMs: step.delayMs, error: failure.message },
        'send failed; will retry',
      );
      return;
    }
    const gaveUp = await this.dataSource.transaction(async (tx) => {
      if (!(await this.store.markFailed(tx, notification.id, notification.attempts, failure.message)))
        return false;
      await this.deadLetters.record(tx, notification, step.reason, failure.message);
      return true;
    });
    if (!gaveUp) return;
    this.metrics.gaveUp(notification.kind, step.reason);
    this.logger.error(
      { ...context, reason: step.reason, error: failure.message },
      'notification FAILED and dead-lettered (P27)',
    );
  }
}
