import { Injectable } from '@nestjs/common';
import { rows, type Job } from '@shop/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { NotificationKind } from '../notification-kind';

/** A PENDING notification this replica claimed (leased) for one send attempt. */
export interface ClaimedNotification extends PendingNotification, Job {
  readonly id: string;
  readonly trace: TraceFields;
}

export type NotificationStatus = 'PENDING' | 'SENT' | 'FAILED';

/** The original event, kept to dead-letter it untouched if the email is given up. */
export interface SourceEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly data: unknown;
}

/** W3C trace context of the consumer that recorded the row: the send joins that trace. */
export interface TraceFields {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** A rendered email to record; `sourceEvent.id` with `kind` identifies it. */
export interface PendingNotification {
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly recipient: string;
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
  readonly sourceEvent: SourceEvent;
  readonly trace: TraceFields;
}

export interface NotificationSummary {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly status: NotificationStatus;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

interface SummaryRow {
  id: string;
  kind: string;
  subject: string;
  status: NotificationStatus;
  created_at: Date;
  sent_at: Date | null;
}

interface ClaimedRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  source_event: SourceEvent;
  trace: TraceFields | null;
  attempts: number;
}

/**
 * `notifications` in notification_db: what users list, and this service's
 * outbox towards SMTP. The sender's statements are short and autocommitted: no
 * transaction stays open across an SMTP exchange (it would hold a pooled
 * connection and trip idle_in_transaction_session_timeout).
 * `id`, `created_at`, `attempts` and `next_attempt_at` take their column defaults.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a PENDING notification in the caller's (inbox) transaction. The
   * second line of defence against duplicates after the inbox: UNIQUE
   * (source_event_id, kind) also holds across consumer groups (the inbox is per
   * group), so even a replay under a renamed group records nothing new.
   */
  async insertPending(tx: EntityManager, notification: PendingNotification): Promise<void> {
    const { userId, kind, recipient, subject, bodyText, bodyHtml, sourceEvent, trace } = notification;
    await tx.query(
      `INSERT INTO notifications
         (user_id, kind, recipient, subject, body_text, body_html, source_event_id, source_event, trace, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, 'PENDING')
       ON CONFLICT (source_event_id, kind) DO NOTHING`,
      [
        userId,
        kind,
        recipient,
        subject,
        bodyText,
        bodyHtml,
        sourceEvent.id,
        JSON.stringify(sourceEvent),
        JSON.stringify(trace),
      ],
    );
  }

  /**
   * One user's notifications, newest first, after the notification `afterId`
   * (keyset pagination on (created_at, id): an index range scan on
   * notifications_user_idx, stable while new rows arrive, unlike OFFSET). The
   * cursor's row is scoped by user id too.
   */
  async listForUser(userId: string, afterId: string | null, limit: number): Promise<NotificationSummary[]> {
    const found = await rows<SummaryRow>(
      this.dataSource,
      `SELECT id, kind, subject, status, created_at, sent_at
         FROM notifications
        WHERE user_id = $1
          AND ($2::uuid IS NULL
               OR (created_at, id) < (SELECT created_at, id FROM notifications WHERE id = $2 AND user_id = $1))
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [userId, afterId, limit],
    );
    return found.map((row) => ({
      id: row.id,
      kind: row.kind,
      subject: row.subject,
      status: row.status,
      createdAt: row.created_at,
      sentAt: row.sent_at,
    }));
  }

  /** True when the notification exists and is the user's: one user's cursor never opens another's list. */
  async belongsTo(id: string, userId: string): Promise<boolean> {
    const found = await rows(this.dataSource, 'SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2', [
      id,
      userId,
    ]);
    return found.length > 0;
  }

  /**
   * Claims up to `limit` due PENDING rows for this replica: `FOR UPDATE SKIP
   * LOCKED` lets concurrent replicas claim disjoint rows without waiting on each
   * other, and the same statement counts the attempt and pushes
   * `next_attempt_at` one lease ahead, so once it commits no other replica
   * selects these rows until the lease runs out (a crashed sender's rows come
   * back by themselves then). Counting the attempt at claim time bounds even a
   * row whose send crashes the process every time.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    const claimed = await rows<ClaimedRow>(
      this.dataSource,
      `WITH due AS MATERIALIZED (
         SELECT id FROM notifications
          WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE notifications AS n
          SET attempts = n.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM due
        WHERE n.id = due.id
       RETURNING n.id, n.user_id, n.kind, n.recipient, n.subject, n.body_text, n.body_html,
                 n.source_event, n.trace, n.attempts`,
      [limit, leaseMs],
    );
    return claimed.map((row) => ({
      id: row.id,
      userId: row.user_id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      bodyText: row.body_text,
      bodyHtml: row.body_html,
      sourceEvent: row.source_event,
      trace: row.trace ?? {},
      attempts: row.attempts,
    }));
  }

  /** After the server accepted the message. Returns false if the row was no longer PENDING. */
  async markSent(id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'SENT', sent_at = now(), last_error = NULL
        WHERE id = $1 AND status = 'PENDING'`,
      [id],
    );
    return affected === 1;
  }

  /**
   * Retry later. Guarded by `attempts`: a sender whose lease ran out (its row
   * already re-claimed by another replica) must not move the newer claim.
   */
  async scheduleRetry(id: string, attempts: number, delayMs: number, error: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications
          SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
        WHERE id = $1 AND status = 'PENDING' AND attempts = $2`,
      [id, attempts, delayMs, error],
    );
    return affected === 1;
  }

  /** Gives up, in the caller's transaction (which also records the dead letter). */
  async markFailed(tx: EntityManager, id: string, attempts: number, error: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE notifications SET status = 'FAILED', last_error = $3
        WHERE id = $1 AND status = 'PENDING' AND attempts = $2`,
      [id, attempts, error],
    );
    return affected === 1;
  }
}
