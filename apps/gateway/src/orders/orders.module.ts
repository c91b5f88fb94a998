import { Module } from '@nestjs/common';
import { APP_CONFIG, getMeter } from '@shop/platform';
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
      useFactory: (config: GatewayConfig) => {
        const slots = new StreamSlots({
          total: config.ORDER_TIMELINE_MAX_STREAMS,
          perUser: config.ORDER_TIMELINE_MAX_STREAMS_PER_USER,
        });
        // Each open stream polls the order service: the gauge shows that load, and how close
        // this gateway is to ORDER_TIMELINE_MAX_STREAMS (its 503s) before anyone is refused.
        getMeter()
          .createObservableGauge('gateway_order_timeline_streams_open', {
            description: 'Order timeline streams (server-sent events) open on this gateway now',
          })
          .addCallback((result) => result.observe(slots.size));
        return slots;
      },
    },
  ],
})
export class OrdersModule {}
