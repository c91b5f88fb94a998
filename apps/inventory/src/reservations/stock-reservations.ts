import { Inject, Injectable } from '@nestjs/common';
import {
  CommitDecision,
  Reservation,
  ReservationFailure,
  ReservationLine,
  ReserveOutcome,
  StockEffect,
  Transition,
} from '@shop/inventory-domain';
import { APP_CONFIG } from '@shop/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { InventoryConfig } from '../inventory.config';
import { ReservationRepository } from '../persistence/reservation.repository';
import { StockRepository } from '../persistence/stock.repository';
import { stockDeltas } from './stock-effects';

/**
 * The saga participant's use cases: reserve, commit, release stock for an
 * order. Each runs inside the caller's transaction (the inbox transaction of
 * the consumed command), so the stock change, the reservation row, the
 * inbox row and the reply in the outbox commit together or not at all.
 */
@Injectable()
export class StockReservations {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly stock: StockRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<InventoryConfig, 'RESERVATION_TTL_SECONDS'>,
  ) {}

  /**
   * All lines or none. Idempotent per order: the first ReserveStock
   * decides, every later one (redelivered or re-sent with a new id) gets the
   * stored outcome, success or failure.
   */
  async reserve(
    tx: EntityManager,
    orderId: string,
    requested: readonly ReservationLine[],
    now = new Date(),
  ): Promise<ReserveOutcome> {
    const existing = await this.reservations.findByOrderId(tx, orderId);
    if (existing) return existing.reserveOutcome();

    const lines = Reservation.normalizeLines(requested);
    if (!lines.ok) throw new Error(`ReserveStock for order ${orderId}: ${lines.error.message}`);
    const reservation = Reservation.reserve({
      id: randomUUID(),
      orderId,
      lines: lines.value,
      now,
      ttlSeconds: this.config.RESERVATION_TTL_SECONDS,
    });
    if (!(await this.reservations.insertIfAbsent(tx, reservation))) {
      // A concurrent ReserveStock for the same order committed first: its outcome is the answer.
      const winner = await this.reservations.findByOrderId(tx, orderId);
      if (!winner) throw new Error(`reservation of order ${orderId} conflicted but cannot be read`);
      return winner.reserveOutcome();
    }

    const failure = await this.takeStock(tx, lines.value);
    if (failure) {
      await this.reservations.markRejected(tx, reservation.snapshot.id, failure, now);
      return { kind: 'rejected', failure };
    }
    return reservation.reserveOutcome();
  }

  /** Idempotent; refused (with a failure to report) when no stock is held for the order any more. */
  async commit(tx: EntityManager, orderId: string, now = new Date()): Promise<CommitDecision> {
    const reservation = await this.reservations.findByOrderId(tx, orderId, { lock: true });
    if (!reservation) {
      return {
        outcome: 'refused',
        failure: {
          code: 'INVENTORY.OUT_OF_STOCK',
          reason: `no stock was reserved for order ${orderId}`,
          productIds: [],
        },
      };
    }
    const decision = reservation.commit(now);
    if (decision.outcome === 'committed') await this.applyTransition(tx, decision);
    return decision;
  }

  /**
   * Idempotent and always answered with "released": unknown, expired or
   * released orders hold nothing. Returns what happened to the stock.
   */
  async release(tx: EntityManager, orderId: string, now = new Date()): Promise<StockEffect> {
    const reservation = await this.reservations.findByOrderId(tx, orderId, { lock: true });
    if (!reservation) return 'none';
    const transition = reservation.release(now);
    await this.applyTransition(tx, transition);
    return transition.effect;
  }

  /** Status compare-and-set, then the stock change, in the same transaction. */
  async applyTransition(tx: EntityManager, transition: Transition): Promise<boolean> {
    if (transition.effect === 'none') return false;
    const { id, status, updatedAt } = transition.reservation.snapshot;
    if (!(await this.reservations.transition(tx, id, transition.from, status, updatedAt))) {
      // Someone else moved it first; with the row lock held this means a bug, so fail loudly.
      throw new Error(`reservation ${id} is no longer ${transition.from}; refusing a stale transition`);
    }
    await this.stock.apply(tx, stockDeltas([transition]));
    return true;
  }

  /**
   * One conditional UPDATE per line, in product-id order, inside a
   * savepoint. The first line that cannot be served rolls back every line taken
   * so far (ROLLBACK TO SAVEPOINT) while the transaction itself, with the
   * reservation row, the inbox row and the reply, goes on to commit the failure.
   */
  private async takeStock(
    tx: EntityManager,
    lines: readonly ReservationLine[],
  ): Promise<ReservationFailure | null> {
    const ids = lines.map((line) => line.productId);
    const products: Array<{ id: string; active: boolean }> = await tx.query(
      'SELECT id, active FROM products WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    );
    const known = new Set(products.map((product) => product.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      return {
        code: 'INVENTORY.UNKNOWN_PRODUCT',
        reason: `unknown products: ${unknown.join(', ')}`,
        productIds: unknown,
      };
    }
    const inactive = products.filter((product) => !product.active).map((product) => product.id);
    if (inactive.length > 0) {
      return {
        code: 'INVENTORY.PRODUCT_INACTIVE',
        reason: `products not for sale: ${inactive.join(', ')}`,
        productIds: inactive,
      };
    }

    await tx.query('SAVEPOINT take_stock');
    for (const line of lines) {
      if (await this.stock.take(tx, line)) continue;
      await tx.query('ROLLBACK TO SAVEPOINT take_stock');
      const short = await this.stock.shortLines(tx, lines);
      const productIds = short.length > 0 ? short : [line.productId];
      return {
        code: 'INVENTORY.OUT_OF_STOCK',
        reason: `not enough stock for: ${productIds.join(', ')}`,
        productIds,
      };
    }
    await tx.query('RELEASE SAVEPOINT take_stock');
    return null;
  }
}
