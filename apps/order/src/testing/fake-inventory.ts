import { Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { GrpcContracts, type inventoryV1 } from '@shop/contracts';
import { GRPC_LOADER_OPTIONS, toErrorMetadata } from '@shop/platform';

export interface FakeProduct {
  readonly priceMinor: number;
  readonly currency: string;
  readonly active: boolean;
}

type GrpcServiceDefinition = { service: Parameters<Server['addService']>[0] };

/**
 * Inventory's GetProductsForOrder as the contract describes it (prices, active
 * flag, NOT_FOUND + INVENTORY.UNKNOWN_PRODUCT listing each unknown id), served
 * over real gRPC, so the order service's client, deadline and error mapping are
 * exercised without the inventory service. Knobs: per-product latency and outage.
 */
export class FakeInventory {
  readonly products = new Map<string, FakeProduct>();
  /** Milliseconds to wait before answering a request naming the product. */
  readonly latencyMs = new Map<string, number>();
  /** Products whose lookup fails with UNAVAILABLE (inventory "down"). */
  readonly unavailable = new Set<string>();
  calls = 0;
  private readonly server = new Server();

  async start(port: number): Promise<void> {
    const definition = loadSync(GrpcContracts.inventory.protoPath, { ...GRPC_LOADER_OPTIONS });
    const pkg = loadPackageDefinition(definition) as unknown as {
      shop: { inventory: { v1: { InventoryService: GrpcServiceDefinition } } };
    };
    this.server.addService(pkg.shop.inventory.v1.InventoryService.service, {
      GetProductsForOrder: (
        call: ServerUnaryCall<
          inventoryV1.GetProductsForOrderRequest,
          inventoryV1.GetProductsForOrderResponse
        >,
        callback: sendUnaryData<inventoryV1.GetProductsForOrderResponse>,
      ) => void this.getProductsForOrder(call.request.productIds, callback),
    });
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  add(productId: string, product: Partial<FakeProduct> = {}): string {
    this.products.set(productId, { priceMinor: 1_000, currency: 'EUR', active: true, ...product });
    return productId;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private async getProductsForOrder(
    ids: string[],
    callback: sendUnaryData<inventoryV1.GetProductsForOrderResponse>,
  ): Promise<void> {
    this.calls += 1;
    const delay = Math.max(0, ...ids.map((id) => this.latencyMs.get(id) ?? 0));
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (ids.some((id) => this.unavailable.has(id))) {
      callback({ code: status.UNAVAILABLE, details: 'inventory is down (fake)' });
      return;
    }
    const unknown = ids.filter((id) => !this.products.has(id));
    if (unknown.length > 0) {
      callback({
        code: status.NOT_FOUND,
        details: `unknown product(s): ${unknown.join(', ')}`,
        metadata: toErrorMetadata(
          'INVENTORY.UNKNOWN_PRODUCT',
          unknown.map((id) => ({ field: 'productIds', message: id })),
        ),
      });
      return;
    }
    callback(null, {
      products: [...new Set(ids)].map((id) => {
        const product = this.products.get(id) as FakeProduct;
        return {
          productId: id,
          sku: `SKU-${id.slice(0, 8)}`,
          name: `Product ${id.slice(0, 8)}`,
          price: { amountMinor: product.priceMinor, currency: product.currency },
          active: product.active,
        };
      }),
    });
  }
}
