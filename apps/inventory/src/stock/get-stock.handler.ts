import { Injectable } from '@nestjs/common';
import { InventoryErrors, StockLevel } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { canonicalId, isProductId } from '../catalog/product-id';
import { StockRepository } from '../persistence/stock.repository';

/** Admin: available and reserved units, from the database (stock is never cached). */
@Injectable()
export class GetStockHandler {
  constructor(private readonly stock: StockRepository) {}

  async execute(productId: string): Promise<Result<StockLevel>> {
    const level = isProductId(productId) ? await this.stock.get(canonicalId(productId)) : null;
    return level ? ok(level) : err(InventoryErrors.productNotFound(productId));
  }
}
