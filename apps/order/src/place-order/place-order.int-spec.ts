import { AppError, GrpcStatus } from '@shop/platform';
import { randomUUID } from 'node:crypto';
import { IdempotencyCleanupJob } from '../idempotency/idempotency-cleanup.job';
import { rejectionOf } from '../testing/order-service-harness';
import { newCustomer, newKey, OrderSuite } from '../testing/order-suite';

// PlaceOrder with its Idempotency-Key (P05) against real Postgres and Kafka:
// replays, mismatches, concurrent duplicates, crashed owners, bad input that
// writes nothing, and the retention job.
describe('PlaceOrder and the Idempotency-Key (P05)', () => {
  const suite = new OrderSuite({ grpc: 22404, admin: 22405, inventory: 22406 });

  beforeAll(() => suite.setUp(), 120_000);
  afterAll(() => suite.tearDown(), 60_000);

  const request = (customerId: string, key: string, productId: string, quantity = 1, token = 'pm_ok') => ({
    customerId,
    idempotencyKey: key,
    lines: [{ productId, quantity }],
    paymentMethodToken: token,
  });

  const count = async (sql: string, params: unknown[]) =>
    (await suite.db.query<{ n: number }>(sql, params))[0]?.n ?? -1;
  const ordersOf = (customerId: string) =>
    count('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customerId]);
  const keysOf = (customerId: string) =>
    count('SELECT count(*)::int AS n FROM idempotency_keys WHERE customer_id = $1', [customerId]);

  it('writes the key, the order, its saga, order.created and ReserveStock in one transaction', async () => {
    const customer = newCustomer();
    const key = newKey();
    // A product the participants do not answer for: the saga stays at its first step.
    const product = suite.inventory.add(randomUUID());
    const { order, replayed } = await suite.order.client.placeOrder(request(customer, key, product));
    expect(replayed).toBe(false);
    const orderId = order?.orderId as string;

    const [stored] = await suite.db.query(
      `SELECT status, order_id, response_status, response_body, fingerprint
         FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2`,
      [customer, key],
    );
    expect(stored).toEqual({
      status: 'COMPLETED',
      order_id: orderId,
      response_status: 202,
      response_body: order,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // xmin is the id of the transaction that wrote a row version: one transaction wrote them all.
    const [writers] = await suite.db.query(
      `SELECT (SELECT xmin::text FROM orders WHERE id = $1) AS order_tx,
              (SELECT xmin::text FROM idempotency_keys WHERE order_id = $1) AS key_tx,
              (SELECT xmin::text FROM place_order_sagas WHERE order_id = $1) AS saga_tx,
              (SELECT xmin::text FROM order_lines WHERE order_id = $1) AS lines_tx`,
      [orderId],
    );
    expect(new Set(Object.values(writers ?? {})).size).toBe(1);
    expect(await suite.outboxTypes(orderId)).toEqual([
      'shop.order.created.v1',
      'shop.inventory.reserve-stock.v1',
    ]);
  });

  it('same key + same request -> the original response, no second order', async () => {
    const customer = newCustomer();
    const key = newKey();
    const product = suite.product();
    const first = await suite.order.client.placeOrder(request(customer, key, product, 3));
    await suite.waitForStatus(first.order?.orderId as string, 'CONFIRMED');

    const retry = await suite.order.client.placeOrder(request(customer, key, product, 3));
    expect(retry.replayed).toBe(true);
    // The original body, byte for byte: PENDING as it was, not today's CONFIRMED.
    expect(retry.order).toEqual(first.order);
    expect(await ordersOf(customer)).toBe(1);
  });

  it('same key + different request -> FAILED_PRECONDITION ORDER.IDEMPOTENCY_KEY_REUSED (422), nothing written', async () => {
    const customer = newCustomer();
    const key = newKey();
    const product = suite.product();
    await suite.order.client.placeOrder(request(customer, key, product, 1));

    const error = await rejectionOf(suite.order.client.placeOrder(request(customer, key, product, 2)));
    expect(error).toMatchObject({
      code: 'ORDER.IDEMPOTENCY_KEY_REUSED',
      grpcStatus: GrpcStatus.FAILED_PRECONDITION,
      httpStatus: 422,
    });
    const otherToken = await rejectionOf(
      suite.order.client.placeOrder(request(customer, key, product, 1, 'pm_other')),
    );
    expect(otherToken).toMatchObject({ code: 'ORDER.IDEMPOTENCY_KEY_REUSED' });
    expect(await ordersOf(customer)).toBe(1);
  });

  it('concurrent duplicates: exactly one order; the others get ABORTED ORDER.REQUEST_IN_PROGRESS (409) or the replay', async () => {
    const customer = newCustomer();
    const key = newKey();
    const product = suite.product();
    suite.inventory.latencyMs.set(product, 400); // keeps the first request in flight for a while

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => suite.order.client.placeOrder(request(customer, key, product))),
    );
    const succeeded = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as AppError] : []));
    expect(succeeded.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(succeeded.map((r) => r.order?.orderId)).size).toBe(1);
    expect(failed.length).toBeGreaterThan(0);
    for (const error of failed) {
      expect(error).toMatchObject({
        code: 'ORDER.REQUEST_IN_PROGRESS',
        grpcStatus: GrpcStatus.ABORTED,
        httpStatus: 409,
      });
    }
    expect(await ordersOf(customer)).toBe(1);
    expect(suite.inventory.calls).toBeGreaterThan(0);

    // Once the first completed, a retry is a replay of it.
    const later = await suite.order.client.placeOrder(request(customer, key, product));
    expect(later).toMatchObject({ replayed: true, order: { orderId: succeeded[0]?.order?.orderId } });
  });

  it('keys are scoped per customer: the same key for two customers is two orders', async () => {
    const key = newKey();
    const product = suite.product();
    const a = await suite.order.client.placeOrder(request(newCustomer(), key, product));
    const b = await suite.order.client.placeOrder(request(newCustomer(), key, product));
    expect(a.replayed || b.replayed).toBe(false);
    expect(a.order?.orderId).not.toBe(b.order?.orderId);
  });

  it('a key left IN_FLIGHT by a crashed request is taken over once its lease expired, never before', async () => {
    const customer = newCustomer();
    const product = suite.product();
    const { requestFingerprint } = await import('../idempotency/request-fingerprint');
    const fingerprint = requestFingerprint({
      lines: [{ productId: product, quantity: 1 }],
      paymentMethodToken: 'pm_ok',
    });
    const insertInFlight = (key: string, leaseExpiresAt: Date) =>
      suite.db.query(
        `INSERT INTO idempotency_keys (customer_id, idempotency_key, fingerprint, status, lease_token, lease_expires_at, created_at)
         VALUES ($1, $2, $3, 'IN_FLIGHT', gen_random_uuid(), $4, now())`,
        [customer, key, fingerprint, leaseExpiresAt],
      );

    const alive = newKey();
    const leaseEnds = Date.now() + 60_000;
    await insertInFlight(alive, new Date(leaseEnds));
    const sent = Date.now();
    const inProgress = (await rejectionOf(
      suite.order.client.placeOrder(request(customer, alive, product)),
    )) as AppError;
    expect(inProgress).toMatchObject({ code: 'ORDER.REQUEST_IN_PROGRESS' });
    // Retry after what is left of the owner's lease: at most what was left when the call was sent.
    expect(inProgress.retryAfterMs).toBeGreaterThan(50_000);
    expect(inProgress.retryAfterMs).toBeLessThanOrEqual(leaseEnds - sent + 1);

    const crashed = newKey();
    await insertInFlight(crashed, new Date(Date.now() - 1));
    const { order, replayed } = await suite.order.client.placeOrder(request(customer, crashed, product));
    expect(replayed).toBe(false);
    const [stored] = await suite.db.query(
      'SELECT status, order_id FROM idempotency_keys WHERE idempotency_key = $1',
      [crashed],
    );
    expect(stored).toEqual({ status: 'COMPLETED', order_id: order?.orderId });
  });

  describe('bad input: INVALID_ARGUMENT (400) and nothing written', () => {
    it.each([
      ['a missing Idempotency-Key', { idempotencyKey: '' }, 'ORDER.IDEMPOTENCY_KEY_MISSING'],
      ['a malformed Idempotency-Key', { idempotencyKey: 'has spaces' }, 'ORDER.IDEMPOTENCY_KEY_INVALID'],
      ['a zero quantity', { quantity: 0 }, 'ORDER.INVALID_INPUT'],
      ['a negative quantity', { quantity: -3 }, 'ORDER.INVALID_INPUT'],
      ['no lines', { lines: [] }, 'ORDER.INVALID_INPUT'],
      ['no payment method', { paymentMethodToken: '' }, 'ORDER.INVALID_INPUT'],
      ['a product id that is no UUID', { productId: 'abc' }, 'ORDER.INVALID_INPUT'],
    ])('%s', async (_, override, code) => {
      const customer = newCustomer();
      const { quantity, productId, ...rest } = override as Record<string, unknown>;
      const base = request(
        customer,
        newKey(),
        (productId as string) ?? suite.product(),
        (quantity as number) ?? 1,
      );
      const callsBefore = suite.inventory.calls;
      const error = await rejectionOf(suite.order.client.placeOrder({ ...base, ...rest }));
      expect(error).toMatchObject({ code, grpcStatus: GrpcStatus.INVALID_ARGUMENT, httpStatus: 400 });
      expect(suite.inventory.calls).toBe(callsBefore); // rejected before any call
      expect(await ordersOf(customer)).toBe(0);
      expect(await keysOf(customer)).toBe(0);
    });

    it('an unknown product: ORDER.UNKNOWN_PRODUCT naming the line; the key is released for a corrected retry', async () => {
      const customer = newCustomer();
      const key = newKey();
      const known = suite.product();
      const error = await rejectionOf(
        suite.order.client.placeOrder({
          ...request(customer, key, known),
          lines: [
            { productId: known, quantity: 1 },
            { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
          ],
        }),
      );
      expect(error).toMatchObject({
        code: 'ORDER.UNKNOWN_PRODUCT',
        grpcStatus: GrpcStatus.INVALID_ARGUMENT,
        fieldErrors: [{ field: 'lines.1.productId', message: expect.stringContaining('does not exist') }],
      });
      expect(await ordersOf(customer)).toBe(0);
      expect(await keysOf(customer)).toBe(0);
      const corrected = await suite.order.client.placeOrder(request(customer, key, known));
      expect(corrected.replayed).toBe(false);
    });
  });

  it('inventory unavailable: UNAVAILABLE (503), nothing written, the key free for the retry', async () => {
    const customer = newCustomer();
    const key = newKey();
    const product = suite.product();
    suite.inventory.unavailable.add(product);
    const error = await rejectionOf(suite.order.client.placeOrder(request(customer, key, product)));
    expect(error).toMatchObject({ grpcStatus: GrpcStatus.UNAVAILABLE, httpStatus: 503 });
    expect(await ordersOf(customer)).toBe(0);
    expect(await keysOf(customer)).toBe(0);

    suite.inventory.unavailable.delete(product);
    const retry = await suite.order.client.placeOrder(request(customer, key, product));
    expect(retry.replayed).toBe(false);
    expect(await ordersOf(customer)).toBe(1);
  });

  it('an inactive product: FAILED_PRECONDITION ORDER.PRODUCT_UNAVAILABLE, nothing written', async () => {
    const customer = newCustomer();
    const error = await rejectionOf(
      suite.order.client.placeOrder(request(customer, newKey(), suite.product({ active: false }))),
    );
    expect(error).toMatchObject({
      code: 'ORDER.PRODUCT_UNAVAILABLE',
      grpcStatus: GrpcStatus.FAILED_PRECONDITION,
    });
    expect(await ordersOf(customer)).toBe(0);
    expect(await keysOf(customer)).toBe(0);
  });

  it('keeps keys for the retention period (>= 24 h), then the cleanup job deletes them', async () => {
    const customer = newCustomer();
    const product = suite.product();
    const fresh = newKey();
    const old = newKey();
    await suite.order.client.placeOrder(request(customer, fresh, product));
    await suite.order.client.placeOrder(request(customer, old, product));
    await suite.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE idempotency_key = $1`,
      [old],
    );
    await suite.db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '23 hours 59 minutes' WHERE idempotency_key = $1`,
      [fresh],
    );

    const job = suite.service?.app.get(IdempotencyCleanupJob, { strict: false });
    expect(await job?.runOnce(new Date())).toBeGreaterThanOrEqual(1);
    const left = await suite.db.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM idempotency_keys WHERE customer_id = $1',
      [customer],
    );
    expect(left.map((row) => row.idempotency_key)).toEqual([fresh]);
  });

  describe('GetOrder and ListOrders', () => {
    it("never reveals another customer's order: NOT_FOUND exactly like a missing one", async () => {
      const owner = newCustomer();
      const { order } = await suite.order.client.placeOrder(request(owner, newKey(), suite.product()));
      const stranger = await rejectionOf(
        suite.order.client.getOrder({ orderId: order?.orderId as string, customerId: newCustomer() }),
      );
      const missing = await rejectionOf(
        suite.order.client.getOrder({ orderId: '00000000-0000-4000-8000-000000000000', customerId: owner }),
      );
      expect(stranger).toMatchObject({ code: 'ORDER.NOT_FOUND', grpcStatus: GrpcStatus.NOT_FOUND });
      expect(missing).toMatchObject({ code: 'ORDER.NOT_FOUND', grpcStatus: GrpcStatus.NOT_FOUND });
      expect(
        await rejectionOf(suite.order.client.getOrder({ orderId: 'nonsense', customerId: owner })),
      ).toMatchObject({ code: 'ORDER.NOT_FOUND' });
    });

    it("lists only the caller's orders, newest first, page by page", async () => {
      const customer = newCustomer();
      const product = suite.product();
      const placed: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { order } = await suite.order.client.placeOrder(request(customer, newKey(), product, i + 1));
        placed.push(order?.orderId as string);
      }
      await suite.order.client.placeOrder(request(newCustomer(), newKey(), product)); // someone else's

      const first = await suite.order.client.listOrders({ customerId: customer, cursor: '', limit: 2 });
      const second = await suite.order.client.listOrders({
        customerId: customer,
        cursor: first.nextCursor,
        limit: 2,
      });
      const third = await suite.order.client.listOrders({
        customerId: customer,
        cursor: second.nextCursor,
        limit: 2,
      });
      expect(third.nextCursor).toBe('');
      const ids = [...first.orders, ...second.orders, ...third.orders].map((o) => o.orderId);
      expect(ids).toEqual([...placed].reverse());
      expect(first.orders[0]).toMatchObject({ lineCount: 1, total: { amountMinor: 5_000, currency: 'EUR' } });

      expect(
        await rejectionOf(
          suite.order.client.listOrders({ customerId: customer, cursor: 'garbage', limit: 2 }),
        ),
      ).toMatchObject({ code: 'ORDER.INVALID_CURSOR', grpcStatus: GrpcStatus.INVALID_ARGUMENT });
      expect(
        await rejectionOf(suite.order.client.listOrders({ customerId: customer, cursor: '', limit: 101 })),
      ).toMatchObject({ code: 'ORDER.INVALID_INPUT' });
    });
  });
});
