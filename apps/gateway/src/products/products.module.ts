import { Module } from '@nestjs/common';
import { GatewayGrpcClients } from '../grpc-clients';
import { AdminProductsHttpController } from './admin-products.http-controller';
import { ProductsHttpController } from './products.http-controller';

/** Catalog routes: public browsing and admin management, over inventory's gRPC API. */
@Module({
  imports: [GatewayGrpcClients],
  controllers: [ProductsHttpController, AdminProductsHttpController],
})
export class ProductsModule {}
