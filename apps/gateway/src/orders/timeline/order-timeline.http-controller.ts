import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { orderV1 } from '@shop/contracts';
import {
  APP_CONFIG,
  LOGGER,
  ServiceLifecycle,
  unsampledInActiveTrace,
  type GrpcClient,
  type Logger,
} from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentUser, type AuthenticatedUser } from '../../auth';
import type { GatewayConfig } from '../../gateway.config';
import { ORDER_CLIENT } from '../../grpc-clients';
import { ApiOperation, ApiTag } from '../../openapi/api-operation.decorator';
import { orderIdParam } from '../orders.schemas';
import { readOrder } from '../read-order';
import { orderTimeline, type TimelineSettings } from './order-timeline';
import { StreamSlots } from './stream-slots';

/**
 * GET /v1/orders/{orderId}/timeline: the order's saga, live, as server-sent events
 * (order-timeline.ts). Everything that can refuse the request (token, slot, order)
 * answers problem+json before the stream starts; once it has started, a failure can
 * only end it.
 */
@ApiTag('Orders')
@Controller('v1/orders')
export class OrderTimelineHttpController {
  private readonly settings: TimelineSettings;

  constructor(
    @Inject(ORDER_CLIENT) private readonly orders: GrpcClient<orderV1.OrderServiceClient>,
    private readonly slots: StreamSlots,
    private readonly lifecycle: ServiceLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.settings = {
      pollIntervalMs: config.ORDER_TIMELINE_POLL_INTERVAL_MS,
      heartbeatMs: config.ORDER_TIMELINE_HEARTBEAT_MS,
      maxLifetimeMs: config.ORDER_TIMELINE_MAX_LIFETIME_MS,
    };
  }

  @ApiOperation({
    operationId: 'streamOrderTimeline',
    summary: "An order of the caller, live: its saga's progress as server-sent events",
    description:
      'A `text/event-stream` (WHATWG server-sent events). It sends the order at once, then again each ' +
      'time it changes (a saga step started, succeeded, failed, timed out...), and ends after the event ' +
      'in which the status is `CONFIRMED` or `CANCELLED`. Each event is\n\n' +
      '```\nevent: order\nid: <digest of the data: equal ids, equal content>\ndata: <the Order, as GET ' +
      '/v1/orders/{orderId} answers it, on one line of JSON>\n\n```\n\n' +
      'A comment line (`: keep-alive`) is sent after 15 s without an event, so proxies keep the ' +
      'connection open. A stream also ends, with a comment saying why, after 2 minutes, when this ' +
      'gateway shuts down, or when the order service keeps failing: reconnect, and the first event is ' +
      'the order as it is then (no `Last-Event-ID` needed). Browsers read it with `fetch()` and the ' +
      "body's reader, because `EventSource` cannot send the Authorization header. The number of open " +
      'streams is bounded per gateway (503) and per user (429).',
    params: { orderId: orderIdParam },
    rawResponse: {
      mediaType: 'text/event-stream',
      schema: {
        type: 'string',
        description: 'Server-sent events: `event: order`, an `id:` and `data:` one Order as JSON per event.',
      },
      description: 'The stream of the order: its state now, then every change until it is final.',
      headers: {
        'Cache-Control': {
          description: '`no-store`: a stream is never cached.',
          schema: { type: 'string', const: 'no-store' },
        },
      },
    },
    errors: {
      404: "No such order among the caller's (`ORDER.NOT_FOUND`): another user's order is a 404 too.",
      429:
        'This user already has as many timeline streams open as a user may (`ORDER.TIMELINE_LIMIT_REACHED`), ' +
        'or the rate limit applies (`REQUEST.RATE_LIMITED`). Retry after `Retry-After` seconds.',
      503:
        'This gateway serves as many timeline streams as it may (`ORDER.TIMELINE_CAPACITY_REACHED`, with ' +
        '`Retry-After`; read GET /v1/orders/{orderId} meanwhile), the order service is unavailable ' +
        '(`UPSTREAM.UNAVAILABLE`), or this replica is shutting down (`SERVICE.SHUTTING_DOWN`).',
    },
  })
  @Get(':orderId/timeline')
  async timeline(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('orderId') orderId: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // The slot first: a flood of connects is refused before it reaches the order service.
    const release = this.slots.acquire(caller.userId);
    const read = () =>
      readOrder(this.orders, caller.userId, orderId).catch((error: unknown) => {
        this.logger.warn({ err: error, orderId }, 'order timeline: reading the order failed');
        throw error;
      });
    let first;
    try {
      first = await read(); // 401, 404, 503... as problem+json, exactly like GET /v1/orders/{orderId}
    } catch (error) {
      release();
      throw error;
    }
    const clientGone = new AbortController();
    // The first read is in the request's trace; the polls after it are not recorded (up to
    // 300 identical GetOrder calls a stream), though their logs keep its trace id.
    const poll = unsampledInActiveTrace();
    const source = { read: () => poll(read), isShuttingDown: () => this.lifecycle.isShuttingDown };
    const body = Readable.from(orderTimeline(first, source, this.settings, clientGone.signal));
    body.once('close', () => {
      clientGone.abort();
      release();
    });
    // The stream lives no longer than its response: Fastify destroys it when the client
    // disconnects, but a HEAD request's response ends without ever reading it.
    reply.raw.once('close', () => body.destroy());
    // Its headers, sent before any shutdown, said keep-alive, and a stopping server closes only
    // the connections idle at that moment: a stream that ends during the shutdown closes its own.
    const socket = reply.raw.socket;
    reply.raw.once('finish', () => {
      if (this.lifecycle.isShuttingDown) socket?.end();
    });
    return reply
      .header('content-type', 'text/event-stream')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no') // nginx and others: pass each event on, do not buffer
      .send(body);
  }
}
