import { Injectable } from '@nestjs/common';
import { InventoryErrors, ProductSnapshot } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { ProductRepository } from '../persistence/product.repository';
import { canonicalId, isProductId } from './product-id';

const MAX_IDS = 100;

/**
 * GetProductsForOrder: the committed price and active flag of every product of
 * an order, in one query, deliberately NOT through the cache: money is charged
 * on this answer, so it must not depend on an invalidation having landed.
 */
@Injectable()
export class GetProductsForOrderHandler {
  constructor(private readonly products: ProductRepository) {}

  async execute(productIds: readonly string[]): Promise<Result<ProductSnapshot[]>> {
    const malformed = productIds.filter((id) => !isProductId(id));
    if (productIds.length === 0 || productIds.length > MAX_IDS || malformed.length > 0) {
      return err(
        InventoryErrors.invalidInput([
          malformed.length > 0
            ? { field: 'productIds', message: `must be UUIDs; got ${malformed.slice(0, 5).join(', ')}` }
            : { field: 'productIds', message: `must list 1-${MAX_IDS} ids` },
        ]),
      );
    }
    const ids = [...new Set(productIds.map(canonicalId))];
    const found = new Map((await this.products.findByIds(ids)).map((product) => [product.id, product]));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) return err(InventoryErrors.unknownProducts(unknown));
    return ok(ids.map((id) => found.get(id) as ProductSnapshot));
  }
}
