import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';
import { FakeOrderService } from './testing/fake-order-service';
import { grpcOrder, grpcOrderSummary, ORDER_ID, PRODUCT, TRACE_ID } from './testing/order-fixtures';

// The gateway in this process, the real user service as a process (tokens and
// JWKS), the order service's gRPC contract played by the test: the HTTP side of
// POST/GET /v1/orders (Idempotency-Key, gRPC status -> HTTP status).
// Ports 22420-22425 (the order slice's range); 22499 is closed.
const PORTS = { userGrpc: 22420, userAdmin: 22421, http: 22422, admin: 22423, order: 22424, closed: 22499 };

describe('gateway /v1/orders (P05, P17)', () => {
  let gateway: GatewayUnderTest;
  const orders = new FakeOrderService();
  let token: string;
  let userId: string;
  const http = () => gateway.http();

  beforeAll(async () => {
    gateway = await startGateway({ ports: PORTS, orders });
    const customer = await gateway.registerAndLogin('orders');
    userId = customer.userId;
    token = customer.tokens.accessToken;
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  beforeEach(() => {
    orders.calls.length = 0;
  });

  const body = { lines: [{ productId: PRODUCT, quantity: 2 }], paymentMethodToken: 'pm_tok' };
  const post = (key?: string, payload: unknown = body) => {
    const req = http().post('/v1/orders').set('authorization', `Bearer ${token}`);
    return (key === undefined ? req : req.set('idempotency-key', key)).send(payload as object);
  };
  const expectProblem = (res: request.Response, httpStatus: number, code: string) => {
    expect(res.status).toBe(httpStatus);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: httpStatus, code, traceId: expect.any(String) });
  };

  it('202 with Location and the order; the customer is the token user, the key passed unquoted', async () => {
    orders.answer.PlaceOrder = () => ({ ok: { order: grpcOrder(userId), replayed: false } });
    const key = randomUUID();
    const res = await post(`"${key}"`).expect(202);

    expect(res.headers['location']).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body).toEqual({
      orderId: ORDER_ID,
      status: 'PENDING',
      lines: [
        {
          productId: PRODUCT,
          quantity: 2,
          unitPrice: { amountMinor: 1250, currency: 'EUR' },
          lineTotal: { amountMinor: 2500, currency: 'EUR' },
        },
      ],
      total: { amountMinor: 2500, currency: 'EUR' },
      cancellation: null,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      steps: [
        { step: 'RESERVE_STOCK', event: 'STARTED', at: '2026-03-01T10:00:00.000Z', code: null, detail: null },
      ],
      traceId: TRACE_ID,
    });
    expect(orders.callsOf('PlaceOrder').map((c) => c.request)).toEqual([
      { customerId: userId, idempotencyKey: key, lines: body.lines, paymentMethodToken: 'pm_tok' },
    ]);
  });

  it('a replay answers the original 202 and body, marked Idempotent-Replayed', async () => {
    orders.answer.PlaceOrder = () => ({ ok: { order: grpcOrder(userId), replayed: true } });
    const res = await post('key-replayed').expect(202);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(res.headers['location']).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.body.orderId).toBe(ORDER_ID);
  });

  it('400 ORDER.IDEMPOTENCY_KEY_MISSING without the header, before calling the order service', async () => {
    expectProblem(await post(undefined), 400, 'ORDER.IDEMPOTENCY_KEY_MISSING');
    expectProblem(await post('""'), 400, 'ORDER.IDEMPOTENCY_KEY_MISSING');
    expectProblem(await post('"unterminated'), 400, 'ORDER.IDEMPOTENCY_KEY_INVALID');
    expect(orders.calls).toEqual([]);
  });

  it('400 with field errors for a malformed body, before calling the order service', async () => {
    const res = await post('k-bad-body', { lines: [{ productId: PRODUCT, quantity: 'two' }], extra: true });
    expectProblem(res, 400, 'REQUEST.INVALID');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['lines.0.quantity', 'paymentMethodToken']));
    expect(orders.calls).toEqual([]);
  });

  it.each([
    [status.FAILED_PRECONDITION, 'ORDER.IDEMPOTENCY_KEY_REUSED', 422],
    [status.ABORTED, 'ORDER.REQUEST_IN_PROGRESS', 409],
    [status.INVALID_ARGUMENT, 'ORDER.UNKNOWN_PRODUCT', 400],
    [status.FAILED_PRECONDITION, 'ORDER.PRODUCT_UNAVAILABLE', 422],
  ])('gRPC %s %s -> HTTP %s problem+json', async (code, errorCode, httpStatus) => {
    orders.answer.PlaceOrder = () => ({
      code,
      errorCode,
      fields: [{ field: 'lines.0.productId', message: 'x' }],
    });
    expectProblem(await post(`k-${errorCode}`), httpStatus, errorCode);
  });

  it('409 ORDER.REQUEST_IN_PROGRESS says when to retry: Retry-After, the lease left rounded up to seconds', async () => {
    orders.answer.PlaceOrder = () => ({
      code: status.ABORTED,
      errorCode: 'ORDER.REQUEST_IN_PROGRESS',
      retryAfterMs: 17_200,
    });
    const res = await post('k-in-progress');
    expectProblem(res, 409, 'ORDER.REQUEST_IN_PROGRESS');
    expect(res.headers['retry-after']).toBe('18');
  });

  it('no Retry-After where the answer cannot change by waiting (422 key reused)', async () => {
    orders.answer.PlaceOrder = () => ({
      code: status.FAILED_PRECONDITION,
      errorCode: 'ORDER.IDEMPOTENCY_KEY_REUSED',
    });
    const res = await post('k-reused');
    expectProblem(res, 422, 'ORDER.IDEMPOTENCY_KEY_REUSED');
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('never retries PlaceOrder (P05): one call even when the order service is unavailable', async () => {
    orders.answer.PlaceOrder = () => ({ code: status.UNAVAILABLE, message: 'down' });
    const res = await post('k-unavailable');
    expect(res.status).toBe(503);
    expect(orders.callsOf('PlaceOrder')).toHaveLength(1);
  });

  it('401 without a token', async () => {
    await http().post('/v1/orders').set('idempotency-key', 'k').send(body).expect(401);
    await http().get(`/v1/orders/${ORDER_ID}`).expect(401);
    expect(orders.calls).toEqual([]);
  });

  it("GET /v1/orders/:id asks for the caller's order only; NOT_FOUND -> 404", async () => {
    orders.answer.GetOrder = (req) =>
      req['orderId'] === ORDER_ID
        ? {
            ok: {
              order: grpcOrder(userId, {
                status: 'CANCELLED',
                cancelCode: 'PAYMENT.DECLINED',
                cancelReason: 'card declined',
              }),
            },
          }
        : { code: status.NOT_FOUND, errorCode: 'ORDER.NOT_FOUND' };
    const res = await http()
      .get(`/v1/orders/${ORDER_ID}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).toMatchObject({
      orderId: ORDER_ID,
      status: 'CANCELLED',
      cancellation: { code: 'PAYMENT.DECLINED', reason: 'card declined' },
    });
    expect(orders.callsOf('GetOrder')[0]?.request).toEqual({ orderId: ORDER_ID, customerId: userId });

    const missing = await http().get(`/v1/orders/${randomUUID()}`).set('authorization', `Bearer ${token}`);
    expectProblem(missing, 404, 'ORDER.NOT_FOUND');
  });

  it("GET /v1/orders lists the caller's orders with a cursor", async () => {
    orders.answer.ListOrders = () => ({ ok: { orders: [grpcOrderSummary], nextCursor: 'next-page' } });
    const res = await http().get('/v1/orders?limit=1').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          orderId: ORDER_ID,
          status: 'CONFIRMED',
          total: { amountMinor: 2500, currency: 'EUR' },
          lineCount: 1,
          cancelCode: null,
          createdAt: '2026-03-01T10:00:00.000Z',
          updatedAt: '2026-03-01T10:00:01.000Z',
        },
      ],
      nextCursor: 'next-page',
    });
    expect(orders.callsOf('ListOrders')[0]?.request).toEqual({ customerId: userId, cursor: '', limit: 1 });
    expectProblem(
      await http().get('/v1/orders?limit=0').set('authorization', `Bearer ${token}`),
      400,
      'REQUEST.INVALID',
    );
  });
});
