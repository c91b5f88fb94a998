import { err, FieldError, ok, Result } from '@shop/shared-kernel';
import { InventoryErrors } from './inventory-errors';

/**
 * RESERVED  -> COMMITTED | RELEASED | EXPIRED
 * COMMITTED -> RELEASED (restock: the order failed after commit, e.g. capture failed)
 * REJECTED, RELEASED, EXPIRED are final.
 *
 * REJECTED records a ReserveStock that failed (out of stock, unknown or
 * inactive product), so a repeated command gets the same answer instead
 * of succeeding later because someone restocked in between.
 */
export type ReservationStatus = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'EXPIRED' | 'REJECTED';

export type ReservationFailureCode =
  'INVENTORY.OUT_OF_STOCK' | 'INVENTORY.UNKNOWN_PRODUCT' | 'INVENTORY.PRODUCT_INACTIVE';

export interface ReservationFailure {
  readonly code: ReservationFailureCode;
  readonly reason: string;
  readonly productIds: readonly string[];
}

export interface ReservationLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface ReservationSnapshot {
  readonly id: string;
  readonly orderId: string;
  readonly status: ReservationStatus;
  /** Sorted by productId, one line per product. */
  readonly lines: readonly ReservationLine[];
  readonly expiresAt: Date;
  readonly failure: ReservationFailure | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * What a transition asks of the stock table, per line; the adapter applies it
 * with conditional updates in the transition's transaction:
 *  - `commit-reserved`:   reserved -= q            (the units are sold)
 *  - `return-reserved`:   reserved -= q, available += q
 *  - `restock-committed`: available += q           (sold units come back)
 */
export type StockEffect = 'none' | 'commit-reserved' | 'return-reserved' | 'restock-committed';

export interface Transition {
  readonly reservation: Reservation;
  /** The status the stored row must still have for the transition to apply (compare-and-set). */
  readonly from: ReservationStatus;
  readonly effect: StockEffect;
}

export type CommitDecision =
  | ({ readonly outcome: 'committed' } & Transition)
  | { readonly outcome: 'refused'; readonly failure: ReservationFailure };

/** The answer to ReserveStock, the same every time it is asked for one order. */
export type ReserveOutcome =
  | { readonly kind: 'reserved'; readonly reservationId: string; readonly expiresAt: Date }
  | { readonly kind: 'rejected'; readonly failure: ReservationFailure };

export const MAX_RESERVATION_LINES = 100;

/**
 * Stock held for one order, all lines or none. The aggregate decides which
 * transitions are allowed and what they do to stock; persistence applies them
 * atomically. Every transition is idempotent: asking again for the state it
 * is already in changes nothing (`effect: 'none'`).
 */
export class Reservation {
  private constructor(readonly snapshot: ReservationSnapshot) {}

  get status(): ReservationStatus {
    return this.snapshot.status;
  }

  /**
   * One line per product (duplicates merged), sorted by productId: every
   * transaction then locks stock rows in the same order, so two multi-line
   * reservations can never deadlock on each other.
   */
  static normalizeLines(lines: readonly ReservationLine[]): Result<ReservationLine[]> {
    const problems: FieldError[] = [];
    if (lines.length === 0 || lines.length > MAX_RESERVATION_LINES) {
      problems.push({ field: 'lines', message: `must have 1-${MAX_RESERVATION_LINES} lines` });
    }
    const merged = new Map<string, number>();
    lines.forEach((line, index) => {
      if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
        problems.push({ field: `lines.${index}.quantity`, message: 'must be a positive integer' });
        return;
      }
      merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
    });
    if (problems.length > 0) return err(InventoryErrors.invalidInput(problems));
    const normalized = [...merged.entries()]
      .map(([productId, quantity]) => ({ productId, quantity }))
      .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
    return ok(normalized);
  }

  static reserve(input: {
    id: string;
    orderId: string;
    lines: readonly ReservationLine[];
    now: Date;
    ttlSeconds: number;
  }): Reservation {
    return new Reservation({
      id: input.id,
      orderId: input.orderId,
      status: 'RESERVED',
      lines: input.lines,
      expiresAt: new Date(input.now.getTime() + input.ttlSeconds * 1000),
      failure: null,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static reject(input: {
    id: string;
    orderId: string;
    lines: readonly ReservationLine[];
    failure: ReservationFailure;
    now: Date;
  }): Reservation {
    return new Reservation({
      id: input.id,
      orderId: input.orderId,
      status: 'REJECTED',
      lines: input.lines,
      expiresAt: input.now,
      failure: input.failure,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static fromSnapshot(snapshot: ReservationSnapshot): Reservation {
    return new Reservation(snapshot);
  }

  /** The original answer to ReserveStock, whatever happened since (a replay gets the same reply). */
  reserveOutcome(): ReserveOutcome {
    const { status, failure, id, expiresAt } = this.snapshot;
    if (status === 'REJECTED' && failure) return { kind: 'rejected', failure };
    return { kind: 'reserved', reservationId: id, expiresAt };
  }

  /**
   * RESERVED -> COMMITTED; COMMITTED again is a no-op. A reservation that is no
   * longer held (released, expired, rejected) cannot be committed: its units may
   * already belong to another order, so the commit is refused with a failure.
   */
  commit(now: Date): CommitDecision {
    switch (this.status) {
      case 'RESERVED':
        return { outcome: 'committed', ...this.to('COMMITTED', 'commit-reserved', now) };
      case 'COMMITTED':
        return { outcome: 'committed', reservation: this, from: 'COMMITTED', effect: 'none' };
      case 'REJECTED':
        return { outcome: 'refused', failure: this.snapshot.failure ?? this.notHeld() };
      case 'RELEASED':
      case 'EXPIRED':
        return { outcome: 'refused', failure: this.notHeld() };
    }
  }

  /**
   * RESERVED -> RELEASED returns the held units; COMMITTED -> RELEASED restocks
   * the sold ones (the order failed after the commit step and never shipped).
   * Anything else has nothing to give back: a no-op that still answers "released".
   */
  release(now: Date): Transition {
    switch (this.status) {
      case 'RESERVED':
        return this.to('RELEASED', 'return-reserved', now);
      case 'COMMITTED':
        return this.to('RELEASED', 'restock-committed', now);
      default:
        return { reservation: this, from: this.status, effect: 'none' };
    }
  }

  /** RESERVED past its expiry -> EXPIRED, units returned. Anything else: no-op. */
  expire(now: Date): Transition {
    if (this.status === 'RESERVED' && now.getTime() >= this.snapshot.expiresAt.getTime()) {
      return this.to('EXPIRED', 'return-reserved', now);
    }
    return { reservation: this, from: this.status, effect: 'none' };
  }

  private to(status: ReservationStatus, effect: StockEffect, now: Date): Transition {
    return {
      reservation: new Reservation({ ...this.snapshot, status, updatedAt: now }),
      from: this.status,
      effect,
    };
  }

  private notHeld(): ReservationFailure {
    return {
      code: 'INVENTORY.OUT_OF_STOCK',
      reason: `the reservation of order ${this.snapshot.orderId} is ${this.status.toLowerCase()}, no stock is held to commit`,
      productIds: this.snapshot.lines.map((line) => line.productId),
    };
  }
}
