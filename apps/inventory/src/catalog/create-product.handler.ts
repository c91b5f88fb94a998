import { Injectable } from '@nestjs/common';
import { InventoryErrors, Product, ProductSnapshot } from '@shop/inventory-domain';
import { err, ok, Result } from '@shop/shared-kernel';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProductCache } from '../cache/product-cache';
import { ProductRepository } from '../persistence/product.repository';
import { StockRepository } from '../persistence/stock.repository';

export interface CreateProductCommand {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly active?: boolean;
}

/** Admin: a new product with a stock row of 0, in one transaction. */
@Injectable()
export class CreateProductHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly stock: StockRepository,
    private readonly cache: ProductCache,
  ) {}

  async execute(command: CreateProductCommand): Promise<Result<ProductSnapshot>> {
    const created = Product.create({ ...command, id: randomUUID(), now: new Date() });
    if (!created.ok) return created;
    const product = created.value.snapshot;
    const inserted = await this.dataSource.transaction(async (tx) => {
      if (!(await this.products.insert(tx, product))) return false;
      await this.stock.createEmpty(tx, product.id);
      return true;
    });
    if (!inserted) return err(InventoryErrors.skuTaken(product.sku));
    // After the commit, drop a cached "no such sku" so the new product is found at once.
    await this.cache.invalidate(product);
    return ok(product);
  }
}
