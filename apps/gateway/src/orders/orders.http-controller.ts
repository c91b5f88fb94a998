import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { orderV1 } from '@shop/contracts';
import { AppError, GrpcClient, GrpcStatus, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthenticatedUser } from '../auth';
import { ORDER_CLIENT } from '../grpc-clients';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKeyHeader } from './idempotency-key.header';
import { toOrderJson, toOrderSummaryJson } from './order.view';
import { readOrder } from './read-order';
import { listOrdersQuery, orderIdParam, placeOrderBody } from './orders.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { HEADERS, idempotencyKeyHeader } from '../openapi/http-responses';
import { orderJson, orderPageJson } from '../openapi/response.schemas';
import { pageJson, servicePaging } from '../pagination.schemas';

/**
 * The caller's orders. The customer is always the verified token's user, never
 * a request field: nobody can place, read or list someone else's orders.
 */
@ApiTag('Orders')
@Controller('v1/orders')
export class OrdersHttpController {
  constructor(@Inject(ORDER_CLIENT) private readonly orders: GrpcClient<orderV1.OrderServiceClient>) {}

  /**
   * 202: the order is PENDING while its saga runs; poll the Location. A retry
   * with the same Idempotency-Key gets the original 202 and body (with
   * `Idempotent-Replayed: true`); a different body with the key 422; a retry
   * while the first is still running 409.
   */
  @ApiOperation({
    operationId: 'placeOrder',
    summary: 'Place an order (idempotent with Idempotency-Key)',
    description:
      'Accepted as PENDING with the current prices; the saga then reserves stock, authorizes and ' +
      'captures the payment, and confirms or cancels the order. Poll the `Location` until the ' +
      'status is CONFIRMED or CANCELLED.',
    headers: [idempotencyKeyHeader],
    body: placeOrderBody,
    response: {
      schema: orderJson,
      description:
        'Accepted: the order is PENDING while its saga runs. A replay answers the original 202 and body.',
      headers: {
        Location: { ...HEADERS.location('/v1/orders/{orderId}'), required: true },
        'Idempotent-Replayed': HEADERS.idempotentReplayed,
      },
    },
    errors: {
      400:
        'Missing or malformed Idempotency-Key (`ORDER.IDEMPOTENCY_KEY_MISSING`, `ORDER.IDEMPOTENCY_KEY_INVALID`), ' +
        'invalid fields (`REQUEST.INVALID`), a product twice (`ORDER.INVALID_INPUT`) or a product that does not ' +
        'exist (`ORDER.UNKNOWN_PRODUCT`). Nothing was written.',
      409: {
        description:
          'A request with this Idempotency-Key is still in flight (`ORDER.REQUEST_IN_PROGRESS`): retry with the ' +
          'same key and body after `Retry-After` seconds (what is left of its 30 s lease), when it has finished ' +
          '(the retry replays its answer) or its lease has run out (the retry takes the key over).',
        retryAfter: true,
      },
      422:
        'This Idempotency-Key was used with a different request (`ORDER.IDEMPOTENCY_KEY_REUSED`), or a ' +
        'product cannot be ordered (`ORDER.PRODUCT_UNAVAILABLE`).',
    },
  })
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
    // Exactly one attempt. PlaceOrder is safe to repeat only with its key,
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

  @ApiOperation({
    operationId: 'getOrder',
    summary: 'An order of the caller, with its saga steps',
    params: { orderId: orderIdParam },
    response: { schema: orderJson, description: 'The order, its totals and step history.' },
    errors: {
      404: "No such order among the caller's (`ORDER.NOT_FOUND`): another user's order is a 404 too.",
    },
  })
  @Get(':orderId')
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('orderId') orderId: string) {
    return readOrder(this.orders, caller.userId, orderId);
  }

  @ApiOperation({
    operationId: 'listOrders',
    summary: "The caller's orders, newest first",
    query: listOrdersQuery,
    response: {
      schema: orderPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid `limit` (`REQUEST.INVALID`), or a cursor this list did not issue (`ORDER.INVALID_CURSOR`).',
    },
  })
  @Get()
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: unknown) {
    const paging = parseRequest(listOrdersQuery, { ...(query as object) });
    const page = await this.orders.listOrders({ customerId: caller.userId, ...servicePaging(paging) });
    return pageJson(page.orders.map(toOrderSummaryJson), page.nextCursor);
  }
}
