import { Inject, Injectable } from '@nestjs/common';
import type { orderV1 } from '@shop/contracts';
import { captureTraceContext, OutboxWriter, traceIdOf } from '@shop/messaging';
import { Order, OrderErrors, type RequestedLine } from '@shop/order-domain';
import { err, ok, type Result } from '@shop/shared-kernel';
import { randomUUID } from 'node:crypto';
import type { ReadyToCommit } from '../idempotency/idempotent-command';
import { toOrderEventMessage } from '../order-events.mapper';
import { toOrderView } from '../order-view.mapper';
import { OrderRepository } from '../persistence/order.repository';
import { PlaceOrderSagaOrchestrator } from '../saga/place-order-saga.orchestrator';
import type { PlaceOrderCommand } from './place-order.command';
import { PRODUCT_CATALOG, type ProductCatalog } from './product-catalog.port';

/**
 * Places an order: prices the lines with inventory over gRPC, outside any
 * transaction, then returns the order (PENDING) as the answer with its writes:
 * the order, the order.created event, the saga and its ReserveStock command, all
 * in the one transaction the caller opens (IdempotentCommand, with the key).
 */
@Injectable()
export class PlaceOrderHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly saga: PlaceOrderSagaOrchestrator,
    private readonly outbox: OutboxWriter,
    @Inject(PRODUCT_CATALOG) private readonly catalog: ProductCatalog,
  ) {}

  async execute({ customerId, request }: PlaceOrderCommand): Promise<Result<ReadyToCommit<orderV1.Order>>> {
    const answer = await this.catalog.offersFor(request.lines.map((line) => line.productId));
    if (!answer.found) return err(unknownProducts(request.lines, answer.unknownProductIds));

    const now = new Date();
    const placed = Order.place({
      id: randomUUID(),
      customerId,
      lines: request.lines,
      offers: answer.offers,
      now,
    });
    if (!placed.ok) return placed;
    const order = placed.value;
    const start = this.saga.plan(order, request.paymentMethodToken, now);
    return ok({
      resourceId: order.id,
      // The trace begin() records for the saga is this request's: the answer names it too.
      answer: toOrderView(order.snapshot, start.history, traceIdOf(captureTraceContext())),
      write: async (tx) => {
        await this.orders.insert(tx, order.snapshot);
        for (const event of order.events) await this.outbox.append(tx, toOrderEventMessage(event));
        await this.saga.begin(tx, start, now);
      },
    });
  }
}

function unknownProducts(lines: readonly RequestedLine[], unknownIds: readonly string[]) {
  const unknown = new Set(unknownIds.map((id) => id.toLowerCase()));
  const fields = lines.flatMap((line, index) =>
    unknown.has(line.productId)
      ? [{ field: `lines.${index}.productId`, message: `product ${line.productId} does not exist` }]
      : [],
  );
  return OrderErrors.unknownProducts(
    fields.length > 0 ? fields : [{ field: 'lines', message: 'names a product that does not exist' }],
  );
}
