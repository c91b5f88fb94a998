import { Injectable } from '@nestjs/common';
import { InventoryErrors, Product, ProductPatch, ProductSnapshot } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { DataSource } from 'typeorm';
import { ProductCache } from '../cache/product-cache';
import { ProductRepository } from '../persistence/product.repository';
import { canonicalId, isProductId } from './product-id';

export interface UpdateProductCommand extends ProductPatch {
  readonly productId: string;
}

/**
 * Admin: changes name, description, price or active flag. Row lock, change,
 * commit; THEN the cache entry is deleted. Deleting before the commit
 * would let a concurrent reader refill the old row in between; deleting after
 * it, with fills guarded by a lease, means the next read after this returns
 * sees the change.
 */
@Injectable()
export class UpdateProductHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly cache: ProductCache,
  ) {}

  async execute(command: UpdateProductCommand): Promise<Result<ProductSnapshot>> {
    const { productId, ...patch } = command;
    if (!isProductId(productId)) return err(InventoryErrors.productNotFound(productId));
    const id = canonicalId(productId);
    const result = await this.dataSource.transaction(async (tx): Promise<Result<ProductSnapshot>> => {
      const current = await this.products.lockById(tx, id);
      if (!current) return err(InventoryErrors.productNotFound(productId));
      const update = Product.fromSnapshot(current).update(patch, new Date());
      if (!update.ok) return update;
      if (update.value.changed) await this.products.update(tx, update.value.product.snapshot);
      return ok(update.value.product.snapshot);
    });
    if (result.ok) await this.cache.invalidate(result.value);
    return result;
  }
}
