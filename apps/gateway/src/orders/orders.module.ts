import { Module } from '@nestjs/common';
import { GatewayGrpcClients } from '../grpc-clients';
import { OrdersHttpController } from './orders.http-controller';

/** POST/GET /v1/orders over the order service's gRPC API (ORDER_GRPC_URL). */
@Module({
  imports: [GatewayGrpcClients],
  controllers: [OrdersHttpController],
})
export class OrdersModule {}
