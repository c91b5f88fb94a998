import { Injectable } from '@nestjs/common';
import { captureTraceContext } from '@shop/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { PAYMENT_ACTIONS_CHANNEL, type PaymentAction, type PaymentActionKind } from './payment-action';

interface ActionRow {
  id: string;
  payment_id: string;
  order_id: string;
  kind: PaymentActionKind;
  attempts: number;
  lease_token: string;
  note: string | null;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * The pending provider calls (payment_actions). Claiming takes a time-bound
 * lease instead of holding a row lock: the provider call happens outside any
 * transaction, and if the process dies the lease runs out and another worker
 * (or the restarted one) takes the action over. The lease token fences a
 * worker whose lease expired: its late outcome is refused.
 */
@Injectable()
export class PaymentActionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an action in the caller's transaction (it commits with the decision
   * that needs it) and rings the worker after COMMIT. A second action of the
   * same kind for the order is a no-op: the first one answers both.
   */
  async enqueue(
    tx: EntityManager,
    action: { paymentId: string; orderId: string; kind: PaymentActionKind; note?: string },
  ): Promise<boolean> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('enqueue needs an open transaction');
    // The trace of the command that asked for it: the provider call and the reply join it.
    const trace = captureTraceContext();
    const inserted: unknown[] = await tx.query(
      `INSERT INTO payment_actions (payment_id, order_id, kind, note, traceparent, tracestate)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
      [
        action.paymentId,
        action.orderId,
        action.kind,
        action.note ?? null,
        trace.traceparent ?? null,
        trace.tracestate ?? null,
      ],
    );
    if (inserted.length > 0) await tx.query('SELECT pg_notify($1, $2)', [PAYMENT_ACTIONS_CHANNEL, '']);
    return inserted.length > 0;
  }

  /**
   * Leases up to `limit` due actions in one statement. An action waits while an
   * earlier one of the same order is still open, so one order's provider calls
   * run one at a time, in the order they were asked for (capture before a
   * cancel that came after it). SKIP LOCKED lets replicas claim side by side.
   */
  async claimDue(
    limit: number,
    lease: { leaseMs: number; releaseLeaseMs: number },
  ): Promise<PaymentAction[]> {
    // An UPDATE's result comes back from TypeORM as [rows, affected].
    const [rows]: [ActionRow[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT a.id FROM payment_actions a
          WHERE a.completed_at IS NULL
            AND a.next_attempt_at <= now()
            AND (a.lease_until IS NULL OR a.lease_until < now())
            AND NOT EXISTS (
              SELECT 1 FROM payment_actions earlier
               WHERE earlier.order_id = a.order_id AND earlier.completed_at IS NULL AND earlier.id < a.id)
          ORDER BY a.next_attempt_at, a.id
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE payment_actions a
          SET lease_token = gen_random_uuid(),
              lease_until = now() + make_interval(secs => (CASE WHEN a.kind = 'RELEASE' THEN $3 ELSE $2 END)::double precision / 1000),
              attempts = a.attempts + 1
         FROM due WHERE a.id = due.id
       RETURNING a.id, a.payment_id, a.order_id, a.kind, a.attempts, a.lease_token, a.note,
                 a.traceparent, a.tracestate`,
      [limit, lease.leaseMs, lease.releaseLeaseMs],
    );
    return rows.map((row) => ({
      id: String(row.id),
      paymentId: row.payment_id,
      orderId: row.order_id,
      kind: row.kind,
      attempts: row.attempts,
      leaseToken: row.lease_token,
      note: row.note,
      trace: {
        ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        ...(row.tracestate ? { tracestate: row.tracestate } : {}),
      },
    }));
  }

  /** Marks the action done inside the outcome's transaction; false if our lease was lost (fenced). */
  async complete(tx: EntityManager, action: PaymentAction, outcome: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE payment_actions
          SET completed_at = now(), outcome = $3, lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2 AND completed_at IS NULL`,
      [action.id, action.leaseToken, outcome],
    );
    return affected === 1;
  }

  /** Gives the lease back and schedules another execution after `delayMs`. */
  async reschedule(action: PaymentAction, delayMs: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE payment_actions
          SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
              lease_token = NULL, lease_until = NULL, last_error = left($4, 1000)
        WHERE id = $1 AND lease_token = $2`,
      [action.id, action.leaseToken, delayMs, error],
    );
  }

  async countOpen(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM payment_actions WHERE completed_at IS NULL',
    );
    return row?.n ?? 0;
  }
}
