import { Inject, Injectable } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { OrderErrors, type ProductOffer } from '@shop/order-domain';
import { Money } from '@shop/shared-kernel';
import { AppError, GrpcStatus, type GrpcClient } from '@shop/platform';
import { INVENTORY_CLIENT } from '../grpc-clients';
import type { CatalogAnswer, ProductCatalog } from './product-catalog.port';

/** Statuses that mean "inventory could not answer now": passed on as they are (503, 504, 429 at the edge). */
const TRANSIENT = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.CANCELLED,
]);

/**
 * Prices from inventory's GetProductsForOrder (read from its database, never
 * its cache). The call carries a deadline: min(GRPC_DEADLINE_MS, what is left
 * of PlaceOrder's own deadline). It is a query, so retrying it
 * would be safe; the mesh does that, the app does not add a second layer.
 */
@Injectable()
export class InventoryProductCatalog implements ProductCatalog {
  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: GrpcClient<inventoryV1.InventoryServiceClient>,
  ) {}

  async offersFor(productIds: readonly string[]): Promise<CatalogAnswer> {
    let response: inventoryV1.GetProductsForOrderResponse;
    try {
      response = await this.inventory.getProductsForOrder({ productIds: [...productIds] });
    } catch (error) {
      if (error instanceof AppError && error.grpcStatus === GrpcStatus.NOT_FOUND) {
        // INVENTORY.UNKNOWN_PRODUCT lists each unknown id as a field error {productIds: <id>}.
        return { found: false, unknownProductIds: error.fieldErrors.map((field) => field.message) };
      }
      if (error instanceof AppError && TRANSIENT.has(error.grpcStatus)) throw error;
      // Anything else is a bug on one side of the contract, not the customer's input.
      throw new AppError({
        code: 'ORDER.PRICING_FAILED',
        message: 'The order could not be priced.',
        grpcStatus: GrpcStatus.INTERNAL,
        cause: error,
      });
    }
    const offers = new Map<string, ProductOffer>();
    for (const product of response.products) offers.set(product.productId.toLowerCase(), toOffer(product));
    const unknown = productIds.filter((id) => !offers.has(id));
    return unknown.length > 0 ? { found: false, unknownProductIds: unknown } : { found: true, offers };
  }
}

function toOffer(product: inventoryV1.OrderableProduct): ProductOffer {
  const price = Money.of(
    product.price?.amountMinor ?? Number.NaN,
    product.price?.currency ?? '',
    OrderErrors.invalidMoney,
  );
  if (!price.ok) {
    throw new AppError({
      code: 'ORDER.PRICING_FAILED',
      message: 'The order could not be priced.',
      grpcStatus: GrpcStatus.INTERNAL,
      cause: new Error(`inventory sent an invalid price for ${product.productId}: ${price.error.message}`),
    });
  }
  return { unitPrice: price.value, active: product.active };
}
