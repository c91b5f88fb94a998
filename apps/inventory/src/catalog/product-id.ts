import { InventoryErrors } from '@shop/inventory-domain';
import { err, ok, type Result } from '@shop/shared-kernel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Product ids are UUIDs. A string that is not one cannot name a product: it is
 * answered as not found without a query (and without filling the cache with junk keys).
 */
export const isProductId = (value: string): boolean => UUID.test(value);

/** Postgres prints UUIDs in lower case; cache keys and lock order use the same form. */
export const canonicalId = (value: string): string => value.toLowerCase();

/**
 * Reads or writes the product a client-given id names, by its canonical form.
 * A string that is not a product id, or an id with no product, is PRODUCT_NOT_FOUND.
 */
export async function forProductId<T>(
  productId: string,
  use: (id: string) => Promise<T | null>,
): Promise<Result<T>> {
  const found = isProductId(productId) ? await use(canonicalId(productId)) : null;
  return found ? ok(found) : err(InventoryErrors.productNotFound(productId));
}
