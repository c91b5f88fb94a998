import { Module } from '@nestjs/common';
import {
  InventoryTopics,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderCreatedV1,
  PaymentTopics,
} from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { GetOrderHandler } from './get-order/get-order.handler';
import { OrderGrpcClients } from './grpc-clients';
import { IdempotencyCleanupJob } from './idempotency/idempotency-cleanup.job';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { IdempotentCommand } from './idempotency/idempotent-command';
import { ListOrdersHandler } from './list-orders/list-orders.handler';
import { OrderGrpcController } from './order.grpc-controller';
import { OrderMetrics } from './order-metrics';
import { orderMigrations } from './persistence/migrations';
import { OrderRepository } from './persistence/order.repository';
import { SagaRepository } from './persistence/saga.repository';
import { InventoryProductCatalog } from './place-order/inventory-product-catalog';
import { PlaceOrderHandler } from './place-order/place-order.handler';
import { PRODUCT_CATALOG } from './place-order/product-catalog.port';
import { PlaceOrderSagaOrchestrator } from './saga/place-order-saga.orchestrator';
import { SagaReplyHandler } from './saga/saga-reply.handler';
import { SAGA_REPLY_TYPES } from './saga/participants/participant-messages';
import { SagaTimeoutJob } from './saga/saga-timeout.job';

// IdempotentCommand wraps PlaceOrderHandler (composed in the gRPC controller).
const useCases = [IdempotentCommand, PlaceOrderHandler, GetOrderHandler, ListOrdersHandler];
const saga = [PlaceOrderSagaOrchestrator, SagaReplyHandler, SagaTimeoutJob];
const adapters = [
  OrderRepository,
  SagaRepository,
  IdempotencyKeyRepository,
  IdempotencyCleanupJob,
  OrderMetrics,
  { provide: PRODUCT_CATALOG, useClass: InventoryProductCatalog },
];

/** Orders (gRPC), the Idempotency-Key store and the place-order saga's orchestrator (Kafka). */
@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: orderMigrations }),
    OrderGrpcClients,
    ServiceMessagingModule.register({
      // Produced: the saga's commands and the order facts. Consumed: the replies,
      // declared too so a fresh broker has them whichever service starts first.
      topics: [
        InventoryTopics.commands,
        PaymentTopics.commands,
        OrderCreatedV1.topic,
        OrderConfirmedV1.topic,
        OrderCancelledV1.topic,
        InventoryTopics.replies,
        PaymentTopics.replies,
      ].map((topic) => ({ topic })),
      outbox: { enabled: true },
      consumers: [
        {
          // Also the inbox's dedupe scope.
          groupId: 'order-saga',
          topics: [InventoryTopics.replies, PaymentTopics.replies],
          handlers: Object.fromEntries(SAGA_REPLY_TYPES.map((type) => [type, SagaReplyHandler])),
          // Replies of different orders are independent; one order's stay on one partition,
          // in order; bounded. Two replies of one order (two topics) meet at its row lock.
          concurrency: 3,
          // Under load, up to 10 replies of a partition per transaction (docs/performance.md):
          // each locks only its own order's saga row, so groups never wait on each other.
          messagesPerTransaction: 10,
        },
      ],
    }),
  ],
  controllers: [OrderGrpcController],
  providers: [...useCases, ...saga, ...adapters],
})
export class OrderAppModule {}
