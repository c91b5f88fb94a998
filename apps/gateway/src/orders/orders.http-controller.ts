import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { orderV1 } from '@shop/contracts';
import { AppError, GrpcClient, GrpcStatus, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthenticatedUser } from '../auth';
import { ORDER_CLIENT } from '../grpc-clients';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKeyHeader } from './idempotency-key.header';
import { toOrderJson, toOrderSummaryJson } from './order.view';
import { listOrdersQuery, orderIdParam, placeOrderBody } from './orders.schemas';

/**
 * The caller's orders. The customer is always the verified token's user, never
 * a request field: nobody can place, read or list someone else's orders.
 */
@Controller('v1/orders')
export class OrdersHttpController {
  constructor(@Inject(ORDER_CLIENT) private readonly orders: GrpcClient<orderV1.OrderServiceClient>) {}

  /**
   * 202: the order is PENDING while its saga runs; poll the Location. A retry
   * with the same Idempotency-Key gets the original 202 and body (with
   * `Idempotent-Replayed: true`); a different body with the key 422; a retry
   * while the first is still running 409.
   */
  @Post()
  @HttpCode(202)
  async place(
    @CurrentUser() caller: AuthenticatedUser,
    @Headers(IDEMPOTENCY_KEY_HEADER) rawKey: string | string[] | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const idempotencyKey = parseIdempotencyKeyHeader(rawKey);
    const { lines, paymentMethodToken } = parseRequest(placeOrderBody, body);
    // P05: exactly one attempt. PlaceOrder is safe to repeat only with its key,
    // and the client (who holds the key) is the one layer that retries it: not
    // this gateway, not the mesh (virtualservices.yaml: order `commands`, no retries).
    const { order, replayed } = await this.orders.placeOrder({
      customerId: caller.userId,
      idempotencyKey,
      lines,
      paymentMethodToken,
    });
    if (!order)
      throw new AppError({
        code: 'ORDER.EMPTY_RESPONSE',
        message: 'No order returned.',
        grpcStatus: GrpcStatus.INTERNAL,
      });
    reply.header('location', `/v1/orders/${order.orderId}`);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return toOrderJson(order);
  }

  @Get(':orderId')
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('orderId') orderId: string) {
    const { order } = await this.orders.getOrder({
      orderId: parseRequest(orderIdParam, orderId, 'orderId'),
      customerId: caller.userId,
    });
    if (!order) throw AppError.notFound('ORDER.NOT_FOUND', `order ${orderId} does not exist`);
    return toOrderJson(order);
  }

  @Get()
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: unknown) {
    const { cursor, limit } = parseRequest(listOrdersQuery, { ...(query as object) });
    const page = await this.orders.listOrders({
      customerId: caller.userId,
      cursor: cursor ?? '',
      limit: limit ?? 0,
    });
    return { items: page.orders.map(toOrderSummaryJson), nextCursor: page.nextCursor || null };
  }
}
