import { err, ok, Result } from '@shop/shared-kernel';
import { InventoryErrors } from './inventory-errors';

/** Largest quantity an admin may set for one product (keeps sums far from int4 overflow). */
export const STOCK_MAX_QUANTITY = 10_000_000;

/**
 * Stock of one product. `available` can be reserved by new orders; `reserved`
 * is held by open reservations (RESERVED) until they are committed, released
 * or expire. Units of a committed reservation have left both counters: they
 * are sold. Both counters are >= 0, enforced by CHECK constraints as the last
 * line of defence.
 */
export interface StockLevel {
  readonly productId: string;
  readonly available: number;
  readonly reserved: number;
}

/** SetStock sets `available` to an absolute quantity (units already held by reservations stay held). */
export function validateStockQuantity(quantity: number): Result<number> {
  if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > STOCK_MAX_QUANTITY) {
    return err(
      InventoryErrors.invalidInput([
        { field: 'quantity', message: `must be an integer between 0 and ${STOCK_MAX_QUANTITY}` },
      ]),
    );
  }
  return ok(quantity);
}
