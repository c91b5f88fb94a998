import type { inventoryV1 } from '@shop/contracts';

// Documented by openapi/response.schemas.ts (productJson, stockLevelJson): a field
// added here and not there fails tsc (its @ApiOperation() checks it).

/** The public JSON of a product (prices in integer minor units, never floats). */
export const productView = (product: inventoryV1.Product | undefined) =>
  product && {
    productId: product.productId,
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: product.price && { amountMinor: product.price.amountMinor, currency: product.price.currency },
    active: product.active,
    version: product.version,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };

export const stockView = (stock: inventoryV1.StockLevel | undefined) =>
  stock && { productId: stock.productId, available: stock.available, reserved: stock.reserved };
