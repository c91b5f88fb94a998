import { Injectable } from '@nestjs/common';
import {
  Reservation,
  ReservationFailure,
  ReservationFailureCode,
  ReservationLine,
  ReservationStatus,
} from '@shop/inventory-domain';
import { EntityManager } from 'typeorm';
import { rows } from '@shop/platform';

interface ReservationRow {
  id: string;
  order_id: string;
  status: ReservationStatus;
  expires_at: Date;
  failure_code: ReservationFailureCode | null;
  failure_reason: string | null;
  failure_product_ids: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, order_id, status, expires_at, failure_code, failure_reason, failure_product_ids, created_at, updated_at';

/** Reservations and their lines. Every method runs in the caller's transaction. */
@Injectable()
export class ReservationRepository {
  /**
   * Claims the order's one reservation: false when a reservation for this
   * order already exists. A concurrent claim for the same order waits on the
   * unique index until the first transaction ends, then sees it.
   */
  async insertIfAbsent(tx: EntityManager, reservation: Reservation): Promise<boolean> {
    const r = reservation.snapshot;
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO reservations (id, order_id, status, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (order_id) DO NOTHING RETURNING id`,
      [r.id, r.orderId, r.status, r.expiresAt, r.createdAt],
    );
    if (rows.length === 0) return false;
    await tx.query(
      `INSERT INTO reservation_lines (reservation_id, product_id, quantity)
       SELECT $1, product_id, quantity FROM unnest($2::uuid[], $3::int[]) AS l(product_id, quantity)`,
      [r.id, r.lines.map((line) => line.productId), r.lines.map((line) => line.quantity)],
    );
    return true;
  }

  /** The order's reservation; `lock` takes its row lock so transitions on it are serialised. */
  async findByOrderId(
    tx: EntityManager,
    orderId: string,
    options: { lock?: boolean } = {},
  ): Promise<Reservation | null> {
    const rows: ReservationRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM reservations WHERE order_id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [orderId],
    );
    const [reservation] = await this.withLines(tx, rows);
    return reservation ?? null;
  }

  /**
   * Open reservations past their deadline, oldest first, row-locked. SKIP LOCKED:
   * every replica runs the expiry job; each takes rows nobody else holds
   * (another replica's batch, or a commit/release in progress) instead of
   * waiting on them, so the job is safe and never blocks the saga.
   */
  async lockDue(tx: EntityManager, now: Date, limit: number): Promise<Reservation[]> {
    const rows: ReservationRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM reservations
        WHERE status = 'RESERVED' AND expires_at <= $1
        ORDER BY expires_at LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return this.withLines(tx, rows);
  }

  /** Compare-and-set of the status: false if the row is no longer in `from`. */
  async transition(
    tx: EntityManager,
    id: string,
    from: ReservationStatus,
    to: ReservationStatus,
    now: Date,
  ): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      tx,
      `UPDATE reservations SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2 RETURNING id`,
      [id, from, to, now],
    );
    return updated.length === 1;
  }

  async markRejected(tx: EntityManager, id: string, failure: ReservationFailure, now: Date): Promise<void> {
    await tx.query(
      `UPDATE reservations
          SET status = 'REJECTED', failure_code = $2, failure_reason = $3, failure_product_ids = $4::uuid[],
              expires_at = $5, updated_at = $5
        WHERE id = $1 AND status = 'RESERVED'`,
      [id, failure.code, failure.reason, failure.productIds, now],
    );
  }

  private async withLines(tx: EntityManager, rows: ReservationRow[]): Promise<Reservation[]> {
    if (rows.length === 0) return [];
    const lines: Array<{ reservation_id: string; product_id: string; quantity: number }> = await tx.query(
      `SELECT reservation_id, product_id, quantity FROM reservation_lines
        WHERE reservation_id = ANY($1::uuid[]) ORDER BY reservation_id, product_id`,
      [rows.map((row) => row.id)],
    );
    const byReservation = new Map<string, ReservationLine[]>();
    for (const line of lines) {
      const list = byReservation.get(line.reservation_id) ?? [];
      list.push({ productId: line.product_id, quantity: line.quantity });
      byReservation.set(line.reservation_id, list);
    }
    return rows.map((row) =>
      Reservation.fromSnapshot({
        id: row.id,
        orderId: row.order_id,
        status: row.status,
        lines: byReservation.get(row.id) ?? [],
        expiresAt: row.expires_at,
        failure: row.failure_code
          ? {
              code: row.failure_code,
              reason: row.failure_reason ?? '',
              productIds: row.failure_product_ids,
            }
          : null,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }),
    );
  }
}
