import type { orderV1 } from '@shop/contracts';
import { AppError, parseRequest, type GrpcClient } from '@shop/platform';
import { toOrderJson, type OrderJson } from './order.view';
import { orderIdParam } from './orders.schemas';

/**
 * One of the caller's orders, as GET /v1/orders/{orderId} answers it: the customer is the
 * token's user, so another customer's order is a 404 like a missing one. Shared by that
 * route and the order's timeline stream, which must answer exactly alike.
 */
export async function readOrder(
  orders: GrpcClient<orderV1.OrderServiceClient>,
  customerId: string,
  orderId: string,
): Promise<OrderJson> {
  const { order } = await orders.getOrder({
    orderId: parseRequest(orderIdParam, orderId, 'orderId'),
    customerId,
  });
  if (!order) throw AppError.notFound('ORDER.NOT_FOUND', `order ${orderId} does not exist`);
  return toOrderJson(order);
}
