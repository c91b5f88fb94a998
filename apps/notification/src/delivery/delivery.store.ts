import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClaimedNotification } from './claimed-notification';

interface ClaimedRow {
  id: string;
  user_id: string;
  kind: ClaimedNotification['kind'];
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  source_event: ClaimedNotification['sourceEvent'];
  trace: ClaimedNotification['trace'];
  attempts: number;
}

/**
 * The sender's SQL. Every statement is short and autocommitted: no transaction
 * stays open across an SMTP exchange (it would hold a pooled connection and
 * trip idle_in_transaction_session_timeout: P02, P07).
 */
@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

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
    // TypeORM returns [rows, rowCount] for an UPDATE, RETURNING or not.
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
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
    return rows.map((row) => ({
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

  /** Gives up, in the caller's transaction (which also records the dead letter: P09). */
  async markFailed(tx: EntityManager, id: string, attempts: number, error: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE notifications SET status = 'FAILED', last_error = $3
        WHERE id = $1 AND status = 'PENDING' AND attempts = $2`,
      [id, attempts, error],
    );
    return affected === 1;
  }
}
