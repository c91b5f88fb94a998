import { Injectable } from '@nestjs/common';
import { InventoryErrors, Product, ProductSnapshot, SKU_PATTERN } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { ProductCache } from '../cache/product-cache';

/** GetProductBySku: sku -> id, then the product, both cached. */
@Injectable()
export class GetProductBySkuHandler {
  constructor(private readonly cache: ProductCache) {}

  async execute(rawSku: string): Promise<Result<ProductSnapshot>> {
    const sku = Product.normalizeSku(rawSku);
    const product = SKU_PATTERN.test(sku) ? await this.cache.getBySku(sku) : null;
    return product ? ok(product) : err(InventoryErrors.skuNotFound(sku));
  }
}
