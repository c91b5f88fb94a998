import { Injectable } from '@nestjs/common';
import { ProductSnapshot } from '@shop/inventory-domain';
import { Result } from '@shop/shared-kernel';
import { ProductCache } from '../cache/product-cache';
import { forProductId } from './product-id';

/** GetProduct: through the cache. */
@Injectable()
export class GetProductHandler {
  constructor(private readonly cache: ProductCache) {}

  execute(productId: string): Promise<Result<ProductSnapshot>> {
    return forProductId(productId, (id) => this.cache.getById(id));
  }
}
