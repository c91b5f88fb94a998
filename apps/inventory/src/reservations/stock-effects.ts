import { Reservation, StockEffect } from '@shop/inventory-domain';
import { StockDelta } from '../persistence/stock.repository';

/** What each transition does to the two counters, per unit of a line. */
const PER_UNIT: Readonly<Record<StockEffect, StockDelta>> = {
  none: { available: 0, reserved: 0 },
  'commit-reserved': { available: 0, reserved: -1 },
  'return-reserved': { available: 1, reserved: -1 },
  'restock-committed': { available: 1, reserved: 0 },
};

/** Sums the stock changes of several transitions per product (applied in product order by StockRepository). */
export function stockDeltas(
  changes: ReadonlyArray<{ reservation: Reservation; effect: StockEffect }>,
): Map<string, StockDelta> {
  const deltas = new Map<string, StockDelta>();
  for (const { reservation, effect } of changes) {
    const unit = PER_UNIT[effect];
    for (const line of reservation.snapshot.lines) {
      const current = deltas.get(line.productId) ?? { available: 0, reserved: 0 };
      deltas.set(line.productId, {
        available: current.available + unit.available * line.quantity,
        reserved: current.reserved + unit.reserved * line.quantity,
      });
    }
  }
  return deltas;
}
