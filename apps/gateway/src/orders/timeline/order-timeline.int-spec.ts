import { status } from '@grpc/grpc-js';
import type { orderV1 } from '@shop/contracts';
import { EventStreamReader, waitUntil } from '@shop/testing';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import {
  startGateway,
  type GatewayUnderTest,
  type RegisteredCustomer,
} from '../../testing/gateway.under-test';
import { FakeOrderService } from '../testing/fake-order-service';
import { grpcOrder, ORDER_ID } from '../testing/order-fixtures';
import { StreamSlots } from './stream-slots';

// GET /v1/orders/{orderId}/timeline as a browser page reads it (fetch() and the body's
// reader, with the Authorization header): the gateway in this process, the real user
// service for tokens, the order service's contract played by the test, whose GetOrder
// answers whatever state `sagaOf` holds for the customer now.
// Ports 22430-22434 (the order slice's range); 22499 is closed.
const PORTS = { userGrpc: 22430, userAdmin: 22431, http: 22432, admin: 22433, order: 22434, closed: 22499 };
const LIMITS = { ORDER_TIMELINE_MAX_STREAMS: '3', ORDER_TIMELINE_MAX_STREAMS_PER_USER: '2' };
const LIFETIME_MS = 8_000;

const at = (second: number) => `2026-03-01T10:00:0${second}.000Z`;
const step = (name: string, event: string, second: number) => ({
  step: name,
  event,
  at: at(second),
  code: '',
  detail: '',
});
/** The order at three points of its saga: just placed, stock reserved, confirmed. */
const placed = (customerId: string) => grpcOrder(customerId);
const reserved = (customerId: string) =>
  grpcOrder(customerId, {
    steps: [...placed(customerId).steps, step('RESERVE_STOCK', 'SUCCEEDED', 1)],
  });
const confirmed = (customerId: string) =>
  grpcOrder(customerId, {
    status: 'CONFIRMED',
    updatedAt: at(2),
    steps: [...reserved(customerId).steps, step('ORDER', 'CONFIRMED', 2)],
  });

describe('gateway GET /v1/orders/{orderId}/timeline (server-sent events)', () => {
  let gateway: GatewayUnderTest;
  const orders = new FakeOrderService();
  let alice: RegisteredCustomer;
  let bob: RegisteredCustomer;
  /** The order each customer has now; GetOrder answers NOT_FOUND to anyone else. */
  const sagaOf = new Map<string, orderV1.Order>();
  const open: EventStreamReader[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      ports: PORTS,
      orders,
      env: {
        ...LIMITS,
        ORDER_TIMELINE_POLL_INTERVAL_MS: '50',
        ORDER_TIMELINE_HEARTBEAT_MS: '1000',
        ORDER_TIMELINE_MAX_LIFETIME_MS: String(LIFETIME_MS),
      },
    });
    alice = await gateway.registerAndLogin('timeline-a');
    bob = await gateway.registerAndLogin('timeline-b');
    orders.answer.GetOrder = (req) => {
      const order = sagaOf.get(String(req['customerId']));
      return order && req['orderId'] === ORDER_ID
        ? { ok: { order } }
        : { code: status.NOT_FOUND, errorCode: 'ORDER.NOT_FOUND' };
    };
  }, 120_000);

  // Every test starts with no stream open: the ones it opened are hung up, and their slots back.
  afterEach(async () => {
    for (const reader of open.splice(0)) await reader.cancel().catch(() => undefined);
    const slots = gateway.service.handle.app.get(StreamSlots);
    await waitUntil(() => slots.size === 0, { description: 'every stream slot given back' });
  });

  afterAll(async () => {
    await agent.close();
    await gateway?.close();
  });

  // The suite's own connection pool. It may hold connections that never carried a request when
  // the gateway shuts down: the platform ends those at once (nest-app.ts), Node alone would wait.
  const agent = new Agent();
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${path}`, { ...init, dispatcher: agent });
  const timeline = (customer: RegisteredCustomer, orderId = ORDER_ID) =>
    get(`/v1/orders/${orderId}/timeline`, {
      headers: { authorization: `Bearer ${customer.tokens.accessToken}` },
    });
  const openTimeline = async (customer: RegisteredCustomer) => {
    const response = await timeline(customer);
    expect(response.status).toBe(200);
    const reader = new EventStreamReader(response);
    open.push(reader);
    return { response, reader };
  };
  const getOrder = async (customer: RegisteredCustomer) =>
    (
      await gateway
        .http()
        .get(`/v1/orders/${ORDER_ID}`)
        .set('authorization', `Bearer ${customer.tokens.accessToken}`)
        .expect(200)
    ).body as unknown;
  /** The gauge gateway_order_timeline_streams_open on the gateway's admin /metrics. */
  const openStreamsGauge = async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${PORTS.admin}/metrics`)).text();
    const line = metrics.split('\n').find((text) => /^gateway_order_timeline_streams_open[ {]/.test(text));
    return Number(line?.slice(line.lastIndexOf(' ') + 1));
  };
  const expectProblem = async (response: Response, httpStatus: number, code: string) => {
    expect(response.status).toBe(httpStatus);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: httpStatus, code });
  };

  it('sends the order at once: one event with exactly the body GET /v1/orders/{orderId} answers', async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    const { response, reader } = await openTimeline(alice);

    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const first = await reader.nextEvent();
    expect(first).toMatchObject({ kind: 'event', event: 'order', id: expect.stringMatching(/^[\w-]{16}$/) });
    expect(JSON.parse(first?.data ?? '')).toEqual(await getOrder(alice));
    expect(JSON.parse(first?.data ?? '')).toMatchObject({ status: 'PENDING', traceId: expect.any(String) });
    expect(orders.callsOf('GetOrder')[0]?.request).toEqual({ orderId: ORDER_ID, customerId: alice.userId });
  });

  it('sends one event per change, none while nothing changes, and ends after CONFIRMED', async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    const { reader } = await openTimeline(alice);
    const statusAndSteps = (data: string | undefined) => {
      const order = JSON.parse(data ?? 'null') as { status: string; steps: unknown[] };
      return `${order.status} ${order.steps.length}`;
    };
    expect(statusAndSteps((await reader.nextEvent())?.data)).toBe('PENDING 1');

    // The next event is the change, whenever it comes: repeated polls of an unchanged order send nothing.
    const polled = orders.callsOf('GetOrder').length;
    await waitUntil(() => orders.callsOf('GetOrder').length >= polled + 3, { description: 'three polls' });
    sagaOf.set(alice.userId, reserved(alice.userId));
    expect(statusAndSteps((await reader.nextEvent())?.data)).toBe('PENDING 2');
    sagaOf.set(alice.userId, confirmed(alice.userId));
    expect(statusAndSteps((await reader.nextEvent())?.data)).toBe('CONFIRMED 3');
    expect(await reader.rest()).toEqual([]); // the server ended the stream
  });

  it("another customer's order is a 404 problem+json before any stream, like GET; no token is a 401", async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    sagaOf.delete(bob.userId);
    await expectProblem(await timeline(bob), 404, 'ORDER.NOT_FOUND');
    await expectProblem(await get(`/v1/orders/${ORDER_ID}/timeline`), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('bounds open streams, counted by a gauge: 429 past the per-user bound, 503 past the instance bound, both with Retry-After', async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    sagaOf.set(bob.userId, placed(bob.userId));
    expect(await openStreamsGauge()).toBe(0);
    const aliceFirst = await openTimeline(alice);
    await openTimeline(alice);

    const perUser = await timeline(alice);
    expect(perUser.headers.get('retry-after')).toBe('5');
    await expectProblem(perUser, 429, 'ORDER.TIMELINE_LIMIT_REACHED');

    await openTimeline(bob); // the third of three
    expect(await openStreamsGauge()).toBe(3);
    const instance = await timeline(bob);
    expect(instance.headers.get('retry-after')).toBe('5');
    await expectProblem(instance, 503, 'ORDER.TIMELINE_CAPACITY_REACHED');

    // A client that hangs up gives its slot back.
    await aliceFirst.reader.cancel();
    const again = await waitUntil(
      async () => {
        const response = await timeline(bob);
        if (response.status === 200) return response;
        await response.body?.cancel();
        return undefined;
      },
      { description: 'a slot freed by the cancelled stream' },
    );
    open.push(new EventStreamReader(again));
  });

  it('sends keep-alive comments while nothing changes, and ends at its maximum lifetime', async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    const { reader } = await openTimeline(alice);
    const items = await reader.rest();

    expect(items.filter((item) => item.kind === 'event')).toHaveLength(1);
    expect(items).toContainEqual({ kind: 'comment', text: 'keep-alive' });
    expect(items.at(-1)).toEqual({
      kind: 'comment',
      text: 'the stream reached its maximum lifetime: reconnect',
    });
  }, 30_000);

  it('ends its streams when the gateway shuts down, so clients reconnect to another replica', async () => {
    sagaOf.set(alice.userId, placed(alice.userId));
    const { reader } = await openTimeline(alice);
    await reader.nextEvent();
    const shutdown = gateway.service.handle.shutdown('test');

    expect((await reader.rest()).at(-1)).toEqual({
      kind: 'comment',
      text: 'this gateway is shutting down: reconnect',
    });
    await shutdown;
  });
});
