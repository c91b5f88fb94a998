import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import { Public } from '../auth';
import { INVENTORY_CLIENT } from '../grpc-clients';
import { productView } from './product.view';
import { listProductsQuery, productIdParam, skuParam } from './products.schemas';

/**
 * The public catalog: anyone may browse. Reads are served by inventory's
 * product cache (P13); gRPC NOT_FOUND becomes a 404 problem+json.
 */
@Public()
@Controller('v1/products')
export class ProductsHttpController {
  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: GrpcClient<inventoryV1.InventoryServiceClient>,
  ) {}

  @Get()
  async list(@Query() query: unknown) {
    const { q, active, minPrice, maxPrice, currency, cursor, limit } = parseRequest(listProductsQuery, {
      ...(query as object),
    });
    const page = await this.inventory.listProducts({
      query: q ?? '',
      active,
      minPriceMinor: minPrice,
      maxPriceMinor: maxPrice,
      currency: currency ?? '',
      cursor: cursor ?? '',
      pageSize: limit ?? 0,
    });
    return { items: page.products.map(productView), nextCursor: page.nextCursor || null };
  }

  @Get('by-sku/:sku')
  async getBySku(@Param('sku') sku: string) {
    const { product } = await this.inventory.getProductBySku({ sku: parseRequest(skuParam, sku, 'sku') });
    return productView(product);
  }

  @Get(':productId')
  async get(@Param('productId') productId: string) {
    const { product } = await this.inventory.getProduct({
      productId: parseRequest(productIdParam, productId, 'productId'),
    });
    return productView(product);
  }
}
