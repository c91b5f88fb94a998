import { inventoryV1 } from '@shop/contracts';
import { ProductSnapshot, StockLevel } from '@shop/inventory-domain';

/** Domain -> wire. */
export const toProduct = (product: ProductSnapshot): inventoryV1.Product => ({
  productId: product.id,
  sku: product.sku,
  name: product.name,
  description: product.description,
  price: { amountMinor: product.priceMinor, currency: product.currency },
  active: product.active,
  version: product.version,
  createdAt: product.createdAt.toISOString(),
  updatedAt: product.updatedAt.toISOString(),
});

export const toOrderableProduct = (product: ProductSnapshot): inventoryV1.OrderableProduct => ({
  productId: product.id,
  sku: product.sku,
  name: product.name,
  price: { amountMinor: product.priceMinor, currency: product.currency },
  active: product.active,
});

export const toStockLevel = (level: StockLevel): inventoryV1.StockLevel => ({
  productId: level.productId,
  available: level.available,
  reserved: level.reserved,
});
