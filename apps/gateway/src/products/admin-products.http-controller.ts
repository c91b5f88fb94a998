import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth';
import { INVENTORY_CLIENT } from '../grpc-clients';
import { productView, stockView } from './product.view';
import {
  createProductBody,
  oneProductRoute,
  productIdParam,
  setStockBody,
  updateProductBody,
} from './products.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { HEADERS } from '../openapi/http-responses';
import { productJson, stockLevelJson } from '../openapi/response.schemas';

/** Catalog administration: admins only (401 without a token, 403 for a customer). */
@Roles('admin')
@ApiTag('Catalog admin')
@Controller('v1/admin/products')
export class AdminProductsHttpController {
  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: GrpcClient<inventoryV1.InventoryServiceClient>,
  ) {}

  @ApiOperation({
    operationId: 'createProduct',
    summary: 'Create a product',
    body: createProductBody,
    response: {
      schema: productJson,
      description: 'Created (with no stock: set it with PUT .../stock).',
      headers: { Location: HEADERS.location('/v1/products/{productId}') },
    },
    errors: {
      400: 'Invalid fields (`REQUEST.INVALID`): every rule of inventory is in the schema.',
      409: 'A product with this SKU exists (`INVENTORY.SKU_TAKEN`).',
    },
  })
  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseRequest(createProductBody, body);
    const { product } = await this.inventory.createProduct({
      sku: input.sku,
      name: input.name,
      description: input.description ?? '',
      price: input.price,
      active: input.active,
    });
    reply.header('location', `/v1/products/${product?.productId}`);
    return productView(product);
  }

  @ApiOperation({
    operationId: 'updateProduct',
    summary: 'Change name, description, price or active flag',
    description: 'Only the fields sent change. The product cache entry is invalidated.',
    ...oneProductRoute,
    body: updateProductBody,
    response: { schema: productJson, description: 'The updated product.' },
  })
  @Patch(':productId')
  async update(@Param('productId') productId: string, @Body() body: unknown) {
    const id = parseRequest(productIdParam, productId, 'productId');
    const patch = parseRequest(updateProductBody, body);
    const { product } = await this.inventory.updateProduct({
      productId: id,
      name: patch.name,
      description: patch.description,
      // A message field: absent means "keep the price".
      price: patch.price,
      active: patch.active,
    });
    return productView(product);
  }

  @ApiOperation({
    operationId: 'setStock',
    summary: 'Set the available stock of a product',
    ...oneProductRoute,
    body: setStockBody,
    response: { schema: stockLevelJson, description: 'The stock level now.' },
  })
  @Put(':productId/stock')
  async setStock(@Param('productId') productId: string, @Body() body: unknown) {
    const id = parseRequest(productIdParam, productId, 'productId');
    const { quantity } = parseRequest(setStockBody, body);
    const { stock } = await this.inventory.setStock({ productId: id, quantity });
    return stockView(stock);
  }

  @ApiOperation({
    operationId: 'getStock',
    summary: 'The stock level of a product',
    ...oneProductRoute,
    response: { schema: stockLevelJson, description: 'Available and reserved units.' },
  })
  @Get(':productId/stock')
  async getStock(@Param('productId') productId: string) {
    const { stock } = await this.inventory.getStock({
      productId: parseRequest(productIdParam, productId, 'productId'),
    });
    return stockView(stock);
  }
}
