import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import type { GatewayConfig } from '../gateway.config';
import { GatewayGrpcClients } from '../grpc-clients';
import { OrdersHttpController } from './orders.http-controller';
import { OrderTimelineHttpController } from './timeline/order-timeline.http-controller';
import { StreamSlots } from './timeline/stream-slots';

/** POST/GET /v1/orders and an order's live timeline, over the order service's gRPC API (ORDER_GRPC_URL). */
@Module({
  imports: [GatewayGrpcClients],
  controllers: [OrdersHttpController, OrderTimelineHttpController],
  providers: [
    {
      provide: StreamSlots,
      inject: [APP_CONFIG],
      useFactory: (config: GatewayConfig) =>
        new StreamSlots({
          total: config.ORDER_TIMELINE_MAX_STREAMS,
          perUser: config.ORDER_TIMELINE_MAX_STREAMS_PER_USER,
        }),
    },
  ],
})
export class OrdersModule {}
