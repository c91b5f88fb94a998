import { Injectable } from '@nestjs/common';
import { InventoryErrors, ProductSnapshot } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { ProductCache } from '../cache/product-cache';
import { canonicalId, isProductId } from './product-id';

/** GetProduct: through the cache. */
@Injectable()
export class GetProductHandler {
  constructor(private readonly cache: ProductCache) {}

  async execute(productId: string): Promise<Result<ProductSnapshot>> {
    const product = isProductId(productId) ? await this.cache.getById(canonicalId(productId)) : null;
    return product ? ok(product) : err(InventoryErrors.productNotFound(productId));
  }
}
