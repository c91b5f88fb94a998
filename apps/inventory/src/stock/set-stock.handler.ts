import { Injectable } from '@nestjs/common';
import { StockLevel, validateStockQuantity } from '@shop/inventory-domain';
import { Result } from '@shop/shared-kernel';
import { forProductId } from '../catalog/product-id';
import { StockRepository } from '../persistence/stock.repository';

/**
 * Admin: sets the sellable quantity (absolute, so repeating it is harmless).
 * Units held by open reservations are not part of it and stay held.
 */
@Injectable()
export class SetStockHandler {
  constructor(private readonly stock: StockRepository) {}

  async execute(productId: string, quantity: number): Promise<Result<StockLevel>> {
    const valid = validateStockQuantity(quantity);
    if (!valid.ok) return valid;
    return forProductId(productId, (id) => this.stock.setAvailable(id, valid.value));
  }
}
