import { Injectable } from '@nestjs/common';
import { ReservationLine, StockLevel } from '@shop/inventory-domain';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '@shop/platform';

interface StockRow {
  product_id: string;
  available: number;
  reserved: number;
}

const toLevel = (row: StockRow): StockLevel => ({
  productId: row.product_id,
  available: row.available,
  reserved: row.reserved,
});

/** Per-product change of both counters; applied as one relative update. */
export interface StockDelta {
  readonly available: number;
  readonly reserved: number;
}

/**
 * Stock levels. Every change is ONE atomic statement relative to the current
 * row (`available = available - n ... WHERE available >= n`), never a value
 * read earlier and written back: two concurrent reservations cannot both see
 * "1 left" and both take it.
 */
@Injectable()
export class StockRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createEmpty(tx: EntityManager, productId: string): Promise<void> {
    await tx.query('INSERT INTO stock (product_id, available, reserved) VALUES ($1, 0, 0)', [productId]);
  }

  async get(productId: string): Promise<StockLevel | null> {
    const rows: StockRow[] = await this.dataSource.query(
      'SELECT product_id, available, reserved FROM stock WHERE product_id = $1',
      [productId],
    );
    return rows[0] ? toLevel(rows[0]) : null;
  }

  /** Absolute: the admin says how many units are sellable now. Null when the product is unknown. */
  async setAvailable(productId: string, quantity: number): Promise<StockLevel | null> {
    const updated = await rows<StockRow>(
      this.dataSource,
      `UPDATE stock SET available = $2, updated_at = now() WHERE product_id = $1
       RETURNING product_id, available, reserved`,
      [productId, quantity],
    );
    return updated[0] ? toLevel(updated[0]) : null;
  }

  /**
   * Takes `quantity` units if, and only if, that many are available at
   * this instant. The check and the write are the same statement; the row
   * lock it takes makes concurrent takers wait and re-check. False: not enough.
   */
  async take(tx: EntityManager, line: ReservationLine): Promise<boolean> {
    const updated = await rows<{ product_id: string }>(
      tx,
      `UPDATE stock SET available = available - $2, reserved = reserved + $2, updated_at = now()
        WHERE product_id = $1 AND available >= $2
        RETURNING product_id`,
      [line.productId, line.quantity],
    );
    return updated.length === 1;
  }

  /**
   * Which lines are short right now. Only to explain a failure to the caller:
   * the decision was already made by `take` (this read may be stale the moment
   * it returns).
   */
  async shortLines(tx: EntityManager, lines: readonly ReservationLine[]): Promise<string[]> {
    const rows: Array<{ product_id: string }> = await tx.query(
      `SELECT l.product_id
         FROM unnest($1::uuid[], $2::int[]) AS l(product_id, quantity)
         LEFT JOIN stock s ON s.product_id = l.product_id
        WHERE coalesce(s.available, 0) < l.quantity
        ORDER BY l.product_id`,
      [lines.map((line) => line.productId), lines.map((line) => line.quantity)],
    );
    return rows.map((row) => row.product_id);
  }

  /**
   * Applies relative changes (returning, committing, restocking units) in
   * product-id order: every writer locks stock rows in the same order, so they
   * cannot deadlock. The CHECK constraints reject a result below zero.
   */
  async apply(tx: EntityManager, deltas: ReadonlyMap<string, StockDelta>): Promise<void> {
    for (const productId of [...deltas.keys()].sort()) {
      const delta = deltas.get(productId) as StockDelta;
      if (delta.available === 0 && delta.reserved === 0) continue;
      await tx.query(
        `UPDATE stock SET available = available + $2, reserved = reserved + $3, updated_at = now()
          WHERE product_id = $1`,
        [productId, delta.available, delta.reserved],
      );
    }
  }
}
