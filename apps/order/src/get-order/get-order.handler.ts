import { Injectable } from '@nestjs/common';
import type { orderV1 } from '@shop/contracts';
import { traceIdOf } from '@shop/messaging';
import { isUuid, OrderErrors } from '@shop/order-domain';
import { err, ok, type Result } from '@shop/shared-kernel';
import { toOrderView } from '../order-view.mapper';
import { OrderRepository } from '../persistence/order.repository';
import { SagaRepository } from '../persistence/saga.repository';

/** One order of one customer, with the saga's step history and the trace it runs in. */
@Injectable()
export class GetOrderHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly sagas: SagaRepository,
  ) {}

  async execute(query: { orderId: string; customerId: string }): Promise<Result<orderV1.Order>> {
    // Malformed ids, unknown orders and other customers' orders all get the same
    // answer: a customer can never learn whether someone else's order exists.
    const order =
      isUuid(query.orderId) && isUuid(query.customerId)
        ? await this.orders.findForCustomer(query.orderId, query.customerId)
        : null;
    if (!order) return err(OrderErrors.notFound(query.orderId));
    const [history, trace] = await Promise.all([
      this.sagas.history(order.id),
      this.sagas.startingTrace(order.id),
    ]);
    return ok(toOrderView(order, history, trace ? traceIdOf(trace) : undefined));
  }
}
