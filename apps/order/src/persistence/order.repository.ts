import { Injectable } from '@nestjs/common';
import type { OrderLineSnapshot, OrderSnapshot, OrderStatus } from '@shop/order-domain';
import { DataSource, EntityManager } from 'typeorm';
import { rows, safeInteger, valuesPlaceholders, type Queryable } from '@shop/platform';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  currency: string;
  total_minor: string;
  cancel_code: string | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
}

interface LineRow {
  order_id: string;
  product_id: string;
  quantity: number;
  unit_price_minor: string;
  line_total_minor: string;
}

export interface OrderSummaryRow {
  readonly id: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly totalMinor: number;
  readonly lineCount: number;
  readonly cancelCode: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Keyset position in a customer's list: (created_at, id) of the last order seen. */
export interface ListPosition {
  readonly createdAt: Date;
  readonly id: string;
}

const ORDER_COLUMNS = `id, customer_id, status, currency, total_minor, cancel_code, cancel_reason,
  created_at, updated_at, confirmed_at, cancelled_at`;

/** orders + order_lines in order_db. Writes take the caller's transaction. */
@Injectable()
export class OrderRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, order: OrderSnapshot): Promise<void> {
    await tx.query(
      `INSERT INTO orders (${ORDER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        order.id,
        order.customerId,
        order.status,
        order.currency,
        order.totalMinor,
        order.cancelCode,
        order.cancelReason,
        order.createdAt,
        order.updatedAt,
        order.confirmedAt,
        order.cancelledAt,
      ],
    );
    const params = order.lines.flatMap((line, index) => [
      order.id,
      index,
      line.productId,
      line.quantity,
      line.unitPriceMinor,
      line.lineTotalMinor,
    ]);
    await tx.query(
      `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, line_total_minor)
       VALUES ${valuesPlaceholders(order.lines.length, 6)}`,
      params,
    );
  }

  /** Writes a status transition (the only thing that changes after placing). */
  async updateStatus(tx: EntityManager, order: OrderSnapshot): Promise<void> {
    await tx.query(
      `UPDATE orders SET status = $2, cancel_code = $3, cancel_reason = $4, updated_at = $5,
         confirmed_at = $6, cancelled_at = $7
       WHERE id = $1`,
      [
        order.id,
        order.status,
        order.cancelCode,
        order.cancelReason,
        order.updatedAt,
        order.confirmedAt,
        order.cancelledAt,
      ],
    );
  }

  async findById(db: Queryable, orderId: string): Promise<OrderSnapshot | null> {
    const [order] = await rows<OrderRow>(db, `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [orderId]);
    return order ? this.withLines(db, order) : null;
  }

  /** The customer's order, or null when it does not exist OR belongs to someone else (never tell apart). */
  async findForCustomer(orderId: string, customerId: string): Promise<OrderSnapshot | null> {
    const [order] = await rows<OrderRow>(
      this.dataSource,
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND customer_id = $2`,
      [orderId, customerId],
    );
    return order ? this.withLines(this.dataSource, order) : null;
  }

  /** Newest first, after `position` (keyset pagination: stable under inserts, no OFFSET scans). */
  async listForCustomer(
    customerId: string,
    position: ListPosition | null,
    limit: number,
  ): Promise<OrderSummaryRow[]> {
    const found = await rows<OrderRow & { line_count: number }>(
      this.dataSource,
      `SELECT ${ORDER_COLUMNS},
              (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS line_count
         FROM orders o
        WHERE customer_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [customerId, position?.createdAt ?? null, position?.id ?? null, limit],
    );
    return found.map((row) => ({
      id: row.id,
      status: row.status,
      currency: row.currency,
      totalMinor: safeInteger(row.total_minor),
      lineCount: row.line_count,
      cancelCode: row.cancel_code,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  private async withLines(db: Queryable, order: OrderRow): Promise<OrderSnapshot> {
    const lines = await rows<LineRow>(
      db,
      `SELECT order_id, product_id, quantity, unit_price_minor, line_total_minor
         FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
      [order.id],
    );
    return toSnapshot(order, lines.map(toLine));
  }
}

function toLine(row: LineRow): OrderLineSnapshot {
  return {
    productId: row.product_id,
    quantity: row.quantity,
    unitPriceMinor: safeInteger(row.unit_price_minor),
    lineTotalMinor: safeInteger(row.line_total_minor),
  };
}

function toSnapshot(row: OrderRow, lines: OrderLineSnapshot[]): OrderSnapshot {
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    currency: row.currency,
    totalMinor: safeInteger(row.total_minor),
    lines,
    cancelCode: row.cancel_code,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    cancelledAt: row.cancelled_at,
  };
}
