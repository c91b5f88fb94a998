import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { mailsTo, queryService, readMail, waitUntil } from '@shop/testing';
import { randomUUID } from 'node:crypto';
import { adminSession, newSession, type Session } from './support/auth';
import { gateway } from './support/gateway';
import {
  finished,
  newProduct as newShopProduct,
  orderBody as shopOrderBody,
  paymentsOf,
  postOrder as post,
  SAGA_TIMEOUT_MS,
  stepsOf,
  stockOf,
  tokenise,
} from './support/shop';

// Orders through the running system (make up):
//   POST /v1/orders --gRPC--> order (Idempotency-Key, prices from inventory over gRPC)
//   order outbox --Kafka--> inventory / payment (saga commands) --Kafka--> order inbox (replies)
//   payment --HTTP--> payment-provider; order.confirmed/cancelled --Kafka--> notification --> Mailpit
// Every test makes its own products, customers and keys, so runs never collide.
// Crashes and outages of this same flow: ./faults.
type Problem = { headers: Record<string, string>; body: Record<string, unknown>; status: number };

describe('orders: the place-order saga through the running system', () => {
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let customer: Session;
  let okCard: string;

  beforeAll(async () => {
    admin = await adminSession();
    customer = await newSession();
    okCard = await tokenise('4242424242424242');
  });

  const newProduct = (stock: number, priceMinor?: number) => newShopProduct(admin, stock, priceMinor);
  const orderBody = (productId: string, quantity: number, paymentMethodToken = okCard) =>
    shopOrderBody(productId, quantity, paymentMethodToken);

  const expectProblem = (res: Problem, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    if (code) expect(res.body['code']).toBe(code);
  };

  it(
    'happy path: 202 + Location, then CONFIRMED; stock taken once, payment captured, email sent',
    async () => {
      const productId = await newProduct(5, 1_250);
      const res = await post(customer, orderBody(productId, 2)).expect(202);
      const orderId = res.body.orderId as string;
      expect(res.headers['location']).toBe(`/v1/orders/${orderId}`);
      expect(res.body).toMatchObject({
        status: 'PENDING',
        total: { amountMinor: 2_500, currency: 'EUR' },
        lines: [{ productId, quantity: 2, unitPrice: { amountMinor: 1_250, currency: 'EUR' } }],
      });

      const order = await finished(customer, orderId);
      expect(order['status']).toBe('CONFIRMED');
      expect(stepsOf(order)).toEqual(HAPPY_PATH_STEPS);

      // Real outcomes in each service's own database.
      expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0 });
      expect(await paymentsOf(orderId)).toEqual([{ status: 'CAPTURED', amount_minor: '2500' }]);
      const [row] = await queryService(
        'order',
        'SELECT status, total_minor::int AS total FROM orders WHERE id = $1',
        [orderId],
      );
      expect(row).toEqual({ status: 'CONFIRMED', total: 2_500 });

      const mails = await waitUntil(
        async () => {
          const found = (await mailsTo(customer.email)).filter((m) => m.Subject.includes(orderId));
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 30_000, description: 'the order confirmation email' },
      );
      expect(mails).toHaveLength(1);
      expect((await readMail(mails[0]?.ID ?? '')).Subject).toBe(`Your order ${orderId} is confirmed`);

      const list = await gateway().get('/v1/orders').set(customer.auth).expect(200);
      expect(list.body.items.map((o: { orderId: string }) => o.orderId)).toContain(orderId);
    },
    SAGA_TIMEOUT_MS + 45_000,
  );

  it(
    'out of stock: CANCELLED INVENTORY.OUT_OF_STOCK, nothing reserved, no payment at all',
    async () => {
      const productId = await newProduct(1);
      const res = await post(customer, orderBody(productId, 2)).expect(202);
      const order = await finished(customer, res.body.orderId);
      expect(order).toMatchObject({
        status: 'CANCELLED',
        cancellation: { code: 'INVENTORY.OUT_OF_STOCK', reason: expect.any(String) },
      });
      expect(await stockOf(productId)).toEqual({ available: 1, reserved: 0 });
      expect(await paymentsOf(res.body.orderId)).toEqual([]);
    },
    SAGA_TIMEOUT_MS + 15_000,
  );

  it(
    'declined card (4000000000000002): CANCELLED PAYMENT.DECLINED, the stock restored',
    async () => {
      const productId = await newProduct(3);
      const declined = await tokenise('4000000000000002');
      const res = await post(customer, orderBody(productId, 2, declined)).expect(202);
      const order = await finished(customer, res.body.orderId);
      expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { code: 'PAYMENT.DECLINED' } });
      expect(stepsOf(order)).toEqual(
        expect.arrayContaining(['AUTHORIZE_PAYMENT FAILED', 'RELEASE_STOCK SUCCEEDED']),
      );
      expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0 });
      const payments = await paymentsOf(res.body.orderId);
      expect(payments.every((p) => p.status !== 'CAPTURED')).toBe(true);
    },
    SAGA_TIMEOUT_MS + 15_000,
  );

  describe('Idempotency-Key (P05)', () => {
    it('same key + same body: the original 202 and body, one order only', async () => {
      const productId = await newProduct(5);
      const key = randomUUID();
      const first = await post(customer, orderBody(productId, 1), key).expect(202);
      const replay = await post(customer, orderBody(productId, 1), key).expect(202);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['location']).toBe(first.headers['location']);
      const rows = await queryService('order', 'SELECT id FROM orders WHERE customer_id = $1 AND id = $2', [
        customer.userId,
        first.body.orderId,
      ]);
      expect(rows).toHaveLength(1);
      const keys = await queryService(
        'order',
        'SELECT status, order_id FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2',
        [customer.userId, key],
      );
      expect(keys).toEqual([{ status: 'COMPLETED', order_id: first.body.orderId }]);
    });

    it('same key + different body: 422 ORDER.IDEMPOTENCY_KEY_REUSED, no second order', async () => {
      const productId = await newProduct(5);
      const session = await newSession();
      const key = randomUUID();
      await post(session, orderBody(productId, 1), key).expect(202);
      const res = await post(session, orderBody(productId, 2), key);
      expectProblem(res, 422, 'ORDER.IDEMPOTENCY_KEY_REUSED');
      const rows = await queryService('order', 'SELECT id FROM orders WHERE customer_id = $1', [
        session.userId,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('concurrent duplicates: exactly one order; the others 409 ORDER.REQUEST_IN_PROGRESS or the replay', async () => {
      const productId = await newProduct(5);
      const session = await newSession();
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => post(session, orderBody(productId, 1), key)),
      );
      const accepted = responses.filter((r) => r.status === 202);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      expect(new Set(accepted.map((r) => r.body.orderId)).size).toBe(1);
      for (const res of responses.filter((r) => r.status !== 202)) {
        expectProblem(res, 409, 'ORDER.REQUEST_IN_PROGRESS');
        // When to retry: what is left of the first request's 30 s lease, in whole seconds.
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(30);
      }
      const rows = await queryService('order', 'SELECT id FROM orders WHERE customer_id = $1', [
        session.userId,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('keys are per customer: the same key for two customers makes two orders', async () => {
      const productId = await newProduct(5);
      const other = await newSession();
      const key = randomUUID();
      const a = await post(customer, orderBody(productId, 1), key).expect(202);
      const b = await post(other, orderBody(productId, 1), key).expect(202);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect(a.body.orderId).not.toBe(b.body.orderId);
    });
  });

  describe('bad input: 4xx problem+json and nothing written', () => {
    const ordersOf = async (session: Session) =>
      (await queryService('order', 'SELECT id FROM orders WHERE customer_id = $1', [session.userId])).length;
    const keysOf = async (session: Session) =>
      (await queryService('order', 'SELECT 1 FROM idempotency_keys WHERE customer_id = $1', [session.userId]))
        .length;

    it('missing Idempotency-Key: 400 ORDER.IDEMPOTENCY_KEY_MISSING', async () => {
      const session = await newSession();
      expectProblem(
        await post(session, orderBody(await newProduct(1), 1), null),
        400,
        'ORDER.IDEMPOTENCY_KEY_MISSING',
      );
      expect(await ordersOf(session)).toBe(0);
    });

    it.each([
      ['a zero quantity', 0],
      ['a negative quantity', -2],
    ])('%s: 400 naming the line', async (_, quantity) => {
      const session = await newSession();
      const res = await post(session, orderBody(await newProduct(1), quantity));
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect((res.body['errors'] as Array<{ field: string }>).map((e) => e.field)).toContain(
        'lines.0.quantity',
      );
      expect(await ordersOf(session)).toBe(0);
      expect(await keysOf(session)).toBe(0);
    });

    it('an unknown product: 400 ORDER.UNKNOWN_PRODUCT', async () => {
      const session = await newSession();
      expectProblem(await post(session, orderBody(randomUUID(), 1)), 400, 'ORDER.UNKNOWN_PRODUCT');
      expect(await ordersOf(session)).toBe(0);
      expect(await keysOf(session)).toBe(0);
    });

    it('wrong types, malformed JSON and oversized bodies: 400 / 413', async () => {
      const session = await newSession();
      expectProblem(
        await post(session, {
          lines: [{ productId: randomUUID(), quantity: 'one' }],
          paymentMethodToken: okCard,
        }),
        400,
      );
      const malformed = await gateway()
        .post('/v1/orders')
        .set(session.auth)
        .set('idempotency-key', randomUUID())
        .set('content-type', 'application/json')
        .send('{"lines": [');
      expectProblem(malformed, 400);
      const huge = await post(session, { lines: [], paymentMethodToken: 'x'.repeat(200 * 1024) });
      expectProblem(huge, 413);
      expect(await ordersOf(session)).toBe(0);
    });
  });

  describe('security', () => {
    it('no token: 401', async () => {
      const res = await gateway().post('/v1/orders').set('idempotency-key', randomUUID()).send({});
      expectProblem(res, 401);
    });

    it("another customer's order: 404, exactly like a missing one", async () => {
      const res = await post(customer, orderBody(await newProduct(1), 1)).expect(202);
      const stranger = await newSession();
      expectProblem(
        await gateway().get(`/v1/orders/${res.body.orderId}`).set(stranger.auth),
        404,
        'ORDER.NOT_FOUND',
      );
      expectProblem(
        await gateway().get(`/v1/orders/${randomUUID()}`).set(stranger.auth),
        404,
        'ORDER.NOT_FOUND',
      );
      const list = await gateway().get('/v1/orders').set(stranger.auth).expect(200);
      expect(list.body.items).toEqual([]);
    });
  });

  it('concurrency (P11): 100 parallel orders for 10 units -> exactly 10 CONFIRMED, stock 0, never negative', async () => {
    const productId = await newProduct(10, 500);
    // Customers one after another: registration hashes with scrypt (deliberately costly);
    // the concurrency under test is the orders'.
    const customers: Session[] = [];
    for (let i = 0; i < 10; i += 1) customers.push(await newSession());

    // The client's side of safe retries: every order has its key; a 409/429/503 is retried with the same
    // key, and so is a 504 (the deadline passed: the order may or may not exist, which is exactly
    // what the key makes safe to retry; a busy 2-core CI machine answered one).
    const placeWithRetries = async (session: Session): Promise<string> => {
      const key = randomUUID();
      for (let attempt = 1; ; attempt += 1) {
        const res = await post(session, orderBody(productId, 1), key);
        if (res.status === 202) return res.body.orderId as string;
        if (![409, 429, 503, 504].includes(res.status) || attempt >= 20) {
          throw new Error(`POST /v1/orders answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
        const retryAfterMs = Number(res.headers['retry-after'] ?? 0) * 1_000 || 250 * attempt;
        await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfterMs, 5_000)));
      }
    };
    const orderIds = await Promise.all(
      Array.from({ length: 100 }, (_, i) => placeWithRetries(customers[i % customers.length] as Session)),
    );
    expect(new Set(orderIds).size).toBe(100);

    const outcome = await waitUntil(
      async () => {
        const rows = await queryService<{ status: string; cancel_code: string | null; n: number }>(
          'order',
          `SELECT status, cancel_code, count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[])
              GROUP BY status, cancel_code ORDER BY status, cancel_code`,
          [orderIds],
        );
        return rows.some((row) => row.status === 'PENDING') ? undefined : rows;
      },
      { timeoutMs: 180_000, intervalMs: 1_000, description: 'all 100 sagas to finish' },
    );
    expect(outcome).toEqual([
      { status: 'CANCELLED', cancel_code: 'INVENTORY.OUT_OF_STOCK', n: 90 },
      { status: 'CONFIRMED', cancel_code: null, n: 10 },
    ]);
    expect(await stockOf(productId)).toEqual({ available: 0, reserved: 0 });
    const captured = await queryService<{ n: number }>(
      'payment',
      `SELECT count(*)::int AS n FROM payments WHERE order_id = ANY($1::uuid[]) AND status = 'CAPTURED'`,
      [orderIds],
    );
    expect(captured[0]?.n).toBe(10);
  }, 300_000);
});
