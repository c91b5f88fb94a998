import { z } from 'zod';
import { pageCursor, pageLimit } from '../pagination.schemas';
import { queryInteger, shapedText, text } from '../request-fields';

// Request shapes checked at the edge: wrong types, unknown fields, oversized values and
// inventory's rules the document states (SKU shape, price bounds) get field-level
// problem+json 400s before inventory is called; inventory checks them again.
// The same schemas generate GET /openapi.json (openapi/); `.meta()` only documents.

const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');
const minorUnits = queryInteger(0, 1_000_000_000);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');

/** GET /v1/products?q=&active=&minPrice=&maxPrice=&currency=&cursor=&limit= (prices in minor units). */
export const listProductsQuery = z
  .strictObject({
    q: text({ max: 100 }).optional().meta({ description: 'Case-insensitive match in name or SKU.' }),
    active: booleanParam
      .optional()
      .meta({ description: 'Only active (`true`) or inactive (`false`) products.' }),
    minPrice: minorUnits.optional().meta({ description: 'Lowest price, in minor units.' }),
    maxPrice: minorUnits
      .optional()
      .meta({ description: 'Highest price, in minor units; not below `minPrice` (400 otherwise).' }),
    currency: currency.optional(),
    cursor: pageCursor(512, 'INVENTORY.INVALID_CURSOR'),
    limit: pageLimit,
  })
  .refine(
    (query) =>
      query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice,
    {
      path: ['maxPrice'],
      message: 'must not be below minPrice',
    },
  );

export const productIdParam = z.uuid();

/** What every route on one product (`.../:productId`) documents the same: its path parameter and its 404. */
export const oneProductRoute = {
  params: { productId: productIdParam },
  errors: { 404: 'No such product (`INVENTORY.PRODUCT_NOT_FOUND`).' },
};
export const skuParam = text({ min: 1, max: 64 });

// JSON bodies carry real numbers: no coercion ("12.50" or "1999" is a type error, not a price).
const money = z.strictObject({
  amountMinor: z.number().int().min(0).max(1_000_000_000),
  currency,
});

// Inventory's rules for a product, stated at the edge (request-fields.ts). Inventory itself also
// accepts a SKU in lower case or with spaces around it (it normalises); the API takes it as stored.
const productName = text({ min: 1, max: 200, notBlank: true });
const productDescription = text({ max: 2_000 });

export const createProductBody = z
  .strictObject({
    sku: shapedText(
      /^[A-Z0-9][A-Z0-9._-]{0,63}$/,
      'must be 1-64 upper-case letters, digits, ".", "_" or "-"',
      64,
    ),
    name: productName,
    description: productDescription.optional(),
    price: money,
    active: z.boolean().optional(),
  })
  .meta({ id: 'CreateProductRequest' });

export const updateProductBody = z
  .strictObject({
    name: productName.optional(),
    description: productDescription.optional(),
    price: money.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'UpdateProductRequest', minProperties: 1 });

export const setStockBody = z
  .strictObject({
    quantity: z.number().int().min(0).max(10_000_000),
  })
  .meta({ id: 'SetStockRequest' });
