import { Injectable } from '@nestjs/common';
import { InventoryErrors, PRICE_MAX_MINOR, ProductSnapshot } from '@shop/inventory-domain';
import { err, FieldError, ok, Result } from '@shop/shared-kernel';
import { ProductFilter, ProductRepository } from '../persistence/product.repository';
import { decodeCursor, encodeCursor } from './list-cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const QUERY_MAX_LENGTH = 100;

export interface ListProductsQuery extends ProductFilter {
  readonly cursor?: string;
  /** 0 or absent: DEFAULT_PAGE_SIZE. */
  readonly pageSize?: number;
}

export interface ProductPage {
  readonly products: ProductSnapshot[];
  /** Empty on the last page. */
  readonly nextCursor: string;
}

/** ListProducts: filtered keyset pages in sku order, straight from the database. */
@Injectable()
export class ListProductsHandler {
  constructor(private readonly products: ProductRepository) {}

  async execute(query: ListProductsQuery): Promise<Result<ProductPage>> {
    const problems = validate(query);
    if (problems.length > 0) return err(InventoryErrors.invalidInput(problems));
    const filter: ProductFilter = {
      active: query.active,
      query: query.query?.trim() || undefined,
      minPriceMinor: query.minPriceMinor,
      maxPriceMinor: query.maxPriceMinor,
      currency: query.currency || undefined,
    };
    let afterSku: string | undefined;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, filter);
      if (!cursor) return err(InventoryErrors.invalidCursor());
      afterSku = cursor.afterSku;
    }
    const pageSize = query.pageSize || DEFAULT_PAGE_SIZE;
    // One extra row tells whether another page exists, without a COUNT.
    const rows = await this.products.list(filter, afterSku, pageSize + 1);
    const products = rows.slice(0, pageSize);
    const last = products[products.length - 1];
    const nextCursor = rows.length > pageSize && last ? encodeCursor(last.sku, filter) : '';
    return ok({ products, nextCursor });
  }
}

function validate(query: ListProductsQuery): FieldError[] {
  const problems: FieldError[] = [];
  const pageSize = query.pageSize ?? 0;
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
    problems.push({ field: 'pageSize', message: `must be between 1 and ${MAX_PAGE_SIZE}` });
  }
  if ((query.query ?? '').length > QUERY_MAX_LENGTH) {
    problems.push({ field: 'query', message: `must be at most ${QUERY_MAX_LENGTH} characters` });
  }
  for (const field of ['minPriceMinor', 'maxPriceMinor'] as const) {
    const value = query[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > PRICE_MAX_MINOR)) {
      problems.push({ field, message: `must be an integer between 0 and ${PRICE_MAX_MINOR}` });
    }
  }
  if (
    query.minPriceMinor !== undefined &&
    query.maxPriceMinor !== undefined &&
    query.minPriceMinor > query.maxPriceMinor
  ) {
    problems.push({ field: 'maxPriceMinor', message: 'must not be below minPriceMinor' });
  }
  if (query.currency && !/^[A-Z]{3}$/.test(query.currency)) {
    problems.push({ field: 'currency', message: 'must be an ISO 4217 code of three upper-case letters' });
  }
  return problems;
}
