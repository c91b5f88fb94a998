import { Controller } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { Result } from '@shop/shared-kernel';
import { CreateProductHandler } from './catalog/create-product.handler';
import { GetProductBySkuHandler } from './catalog/get-product-by-sku.handler';
import { GetProductHandler } from './catalog/get-product.handler';
import { GetProductsForOrderHandler } from './catalog/get-products-for-order.handler';
import { ListProductsHandler } from './catalog/list-products.handler';
import { UpdateProductHandler } from './catalog/update-product.handler';
import { toOrderableProduct, toProduct, toStockLevel } from './product.mapper';
import { GetStockHandler } from './stock/get-stock.handler';
import { SetStockHandler } from './stock/set-stock.handler';

/** A use case's value, or its expected failure as a gRPC status with an INVENTORY.* code. */
const unwrap = <T>(result: Result<T>): T => {
  if (!result.ok) throw AppError.fromDomain(result.error);
  return result.value;
};

/** proto-loader gives unset messages as null and unset `optional` scalars as undefined. */
const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** gRPC edge of the inventory service: decode, call the use case, map failures to status codes. */
@Controller()
@inventoryV1.InventoryServiceControllerMethods()
export class InventoryGrpcController implements inventoryV1.InventoryServiceController {
  constructor(
    private readonly getProductHandler: GetProductHandler,
    private readonly getProductBySkuHandler: GetProductBySkuHandler,
    private readonly listProductsHandler: ListProductsHandler,
    private readonly getProductsForOrderHandler: GetProductsForOrderHandler,
    private readonly createProductHandler: CreateProductHandler,
    private readonly updateProductHandler: UpdateProductHandler,
    private readonly setStockHandler: SetStockHandler,
    private readonly getStockHandler: GetStockHandler,
  ) {}

  async getProduct(request: inventoryV1.GetProductRequest): Promise<inventoryV1.GetProductResponse> {
    return { product: toProduct(unwrap(await this.getProductHandler.execute(request.productId))) };
  }

  async getProductBySku(
    request: inventoryV1.GetProductBySkuRequest,
  ): Promise<inventoryV1.GetProductBySkuResponse> {
    return { product: toProduct(unwrap(await this.getProductBySkuHandler.execute(request.sku))) };
  }

  async listProducts(request: inventoryV1.ListProductsRequest): Promise<inventoryV1.ListProductsResponse> {
    const page = unwrap(
      await this.listProductsHandler.execute({
        active: present(request.active),
        query: request.query,
        minPriceMinor: present(request.minPriceMinor),
        maxPriceMinor: present(request.maxPriceMinor),
        currency: request.currency,
        cursor: request.cursor,
        pageSize: request.pageSize,
      }),
    );
    return { products: page.products.map(toProduct), nextCursor: page.nextCursor };
  }

  async getProductsForOrder(
    request: inventoryV1.GetProductsForOrderRequest,
  ): Promise<inventoryV1.GetProductsForOrderResponse> {
    const products = unwrap(await this.getProductsForOrderHandler.execute(request.productIds));
    return { products: products.map(toOrderableProduct) };
  }

  async createProduct(request: inventoryV1.CreateProductRequest): Promise<inventoryV1.CreateProductResponse> {
    const price = present(request.price);
    if (!price) {
      throw AppError.invalidArgument('INVENTORY.INVALID_INPUT', 'price is required', [
        { field: 'price', message: 'is required' },
      ]);
    }
    const product = unwrap(
      await this.createProductHandler.execute({
        sku: request.sku,
        name: request.name,
        description: request.description,
        priceMinor: price.amountMinor,
        currency: price.currency,
        active: present(request.active),
      }),
    );
    return { product: toProduct(product) };
  }

  async updateProduct(request: inventoryV1.UpdateProductRequest): Promise<inventoryV1.UpdateProductResponse> {
    const price = present(request.price);
    const product = unwrap(
      await this.updateProductHandler.execute({
        productId: request.productId,
        name: present(request.name),
        description: present(request.description),
        priceMinor: price?.amountMinor,
        currency: price?.currency,
        active: present(request.active),
      }),
    );
    return { product: toProduct(product) };
  }

  async setStock(request: inventoryV1.SetStockRequest): Promise<inventoryV1.SetStockResponse> {
    return {
      stock: toStockLevel(unwrap(await this.setStockHandler.execute(request.productId, request.quantity))),
    };
  }

  async getStock(request: inventoryV1.GetStockRequest): Promise<inventoryV1.GetStockResponse> {
    return { stock: toStockLevel(unwrap(await this.getStockHandler.execute(request.productId))) };
  }
}
