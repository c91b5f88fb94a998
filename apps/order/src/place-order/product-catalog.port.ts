import type { ProductOffer } from '@shop/order-domain';

export const PRODUCT_CATALOG = Symbol('PRODUCT_CATALOG');

export type CatalogAnswer =
  | { readonly found: true; readonly offers: ReadonlyMap<string, ProductOffer> }
  /** Some ids do not exist (empty when the catalog did not say which). */
  | { readonly found: false; readonly unknownProductIds: readonly string[] };

/** Current prices and availability of products, to price an order (port; inventory over gRPC behind it). */
export interface ProductCatalog {
  offersFor(productIds: readonly string[]): Promise<CatalogAnswer>;
}
