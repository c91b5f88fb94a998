import { DomainError, FieldError } from '@shop/shared-kernel';

/** Expected failures of the inventory context, with stable `INVENTORY.*` codes. */
export const InventoryErrors = {
  invalidInput: (fields: readonly FieldError[]) => DomainError.invalid('INVENTORY.INVALID_INPUT', fields),
  productNotFound: (id: string) =>
    new DomainError('INVENTORY.PRODUCT_NOT_FOUND', 'not_found', `product ${id} does not exist`),
  skuNotFound: (sku: string) =>
    new DomainError('INVENTORY.PRODUCT_NOT_FOUND', 'not_found', `no product has sku ${sku}`),
  skuTaken: (sku: string) =>
    new DomainError('INVENTORY.SKU_TAKEN', 'conflict', `a product with sku ${sku} already exists`),
  /** A batch lookup named ids that do not exist; each one is listed as a field error. */
  unknownProducts: (ids: readonly string[]) =>
    new DomainError(
      'INVENTORY.UNKNOWN_PRODUCT',
      'not_found',
      `unknown products: ${ids.join(', ')}`,
      ids.map((id) => ({ field: 'productIds', message: id })),
    ),
  invalidCursor: () =>
    new DomainError(
      'INVENTORY.INVALID_CURSOR',
      'invalid',
      'cursor is malformed or belongs to other filters',
      [{ field: 'cursor', message: 'is malformed or was issued for different filters' }],
    ),
};
