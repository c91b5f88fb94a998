import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import { Public } from '../auth';
import { INVENTORY_CLIENT } from '../grpc-clients';
import { productView } from './product.view';
import { listProductsQuery, oneProductRoute, productIdParam, skuParam } from './products.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { productJson, productPageJson } from '../openapi/response.schemas';
import { pageJson } from '../pagination.schemas';

/**
 * The public catalog: anyone may browse. Reads are served by inventory's
 * product cache; gRPC NOT_FOUND becomes a 404 problem+json.
 */
@Public()
@ApiTag('Catalog')
@Controller('v1/products')
export class ProductsHttpController {
  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: GrpcClient<inventoryV1.InventoryServiceClient>,
  ) {}

  @ApiOperation({
    operationId: 'listProducts',
    summary: 'Browse and filter the catalog',
    query: listProductsQuery,
    response: {
      schema: productPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid filters (`REQUEST.INVALID`), or a cursor this list did not issue for these filters (`INVENTORY.INVALID_CURSOR`).',
    },
  })
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
    return pageJson(page.products.map(productView), page.nextCursor);
  }

  @ApiOperation({
    operationId: 'getProductBySku',
    summary: 'A product by its SKU',
    params: { sku: skuParam },
    response: { schema: productJson, description: 'The product.' },
    errors: { 404: 'No product has this SKU (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  })
  @Get('by-sku/:sku')
  async getBySku(@Param('sku') sku: string) {
    const { product } = await this.inventory.getProductBySku({ sku: parseRequest(skuParam, sku, 'sku') });
    return productView(product);
  }

  @ApiOperation({
    operationId: 'getProduct',
    summary: 'A product by id',
    ...oneProductRoute,
    response: { schema: productJson, description: 'The product (served from the cache when warm).' },
  })
  @Get(':productId')
  async get(@Param('productId') productId: string) {
    const { product } = await this.inventory.getProduct({
      productId: parseRequest(productIdParam, productId, 'productId'),
    });
    return productView(product);
  }
}
