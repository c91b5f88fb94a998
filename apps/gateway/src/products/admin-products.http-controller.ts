import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { inventoryV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth';
import { INVENTORY_CLIENT } from '../grpc-clients';
import { productView, stockView } from './product.view';
import { createProductBody, productIdParam, setStockBody, updateProductBody } from './products.schemas';

/** Catalog administration: admins only (401 without a token, 403 for a customer). */
@Roles('admin')
@Controller('v1/admin/products')
export class AdminProductsHttpController {
  constructor(
    @Inject(INVENTORY_CLIENT) private readonly inventory: GrpcClient<inventoryV1.InventoryServiceClient>,
  ) {}

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

  @Put(':productId/stock')
  async setStock(@Param('productId') productId: string, @Body() body: unknown) {
    const id = parseRequest(productIdParam, productId, 'productId');
    const { quantity } = parseRequest(setStockBody, body);
    const { stock } = await this.inventory.setStock({ productId: id, quantity });
    return stockView(stock);
  }

  @Get(':productId/stock')
  async getStock(@Param('productId') productId: string) {
    const { stock } = await this.inventory.getStock({
      productId: parseRequest(productIdParam, productId, 'productId'),
    });
    return stockView(stock);
  }
}
