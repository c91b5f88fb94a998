import { Injectable } from '@nestjs/common';
import { StockLevel } from '@shop/inventory-domain';
import { Result } from '@shop/shared-kernel';
import { forProductId } from '../catalog/product-id';
import { StockRepository } from '../persistence/stock.repository';

/** Admin: available and reserved units, from the database (stock is never cached). */
@Injectable()
export class GetStockHandler {
  constructor(private readonly stock: StockRepository) {}

  execute(productId: string): Promise<Result<StockLevel>> {
    return forProductId(productId, (id) => this.stock.get(id));
  }
}
