import { GrpcStatus } from '@shop/platform';
import { randomUUID } from 'node:crypto';
import { newCustomer, newKey, OrderSuite, rejectionOf } from '../testing/order.under-test';
import { customerRows, placeOrderRequest as request } from '../testing/place-order-fixtures';

// PlaceOrder against real Postgres and Kafka: the order, its key and its saga in
// one transaction; bad input and failed pricing that write nothing. The key's
// protocol itself (replays, mismatches, duplicates, take-over, retention):
// ../idempotency/idempotent-command.int-spec.ts.
describe('PlaceOrder (P05, P09)', () => {
  const suite = new OrderSuite({ grpc: 22404, admin: 22405, inventory: 22406 });

  beforeAll(() => suite.setUp(), 120_000);
  afterAll(() => suite.tearDown(), 60_000);

  const { ordersOf, keysOf } = customerRows(suite);

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

    it("names the trace its saga runs in: the saga row's trace context, '' when none was recorded", async () => {
      const customer = newCustomer();
      const { order: placed } = await suite.order.client.placeOrder(
        request(customer, newKey(), suite.product()),
      );
      const orderId = placed?.orderId as string;
      const read = () => suite.order.client.getOrder({ orderId, customerId: customer });
      // PlaceOrder's answer names the trace the saga row recorded (this request's).
      expect((await read()).order?.traceId).toBe(placed?.traceId);

      const traceId = randomUUID().replaceAll('-', '');
      const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
      await suite.db.query(`UPDATE place_order_sagas SET trace = $2::jsonb WHERE order_id = $1`, [
        orderId,
        JSON.stringify({ traceparent, tracestate: 'shop=1' }),
      ]);
      expect((await read()).order?.traceId).toBe(traceId);

      // A saga started before its trace context was recorded (the column's default): unknown.
      await suite.db.query(`UPDATE place_order_sagas SET trace = '{}'::jsonb WHERE order_id = $1`, [orderId]);
      expect((await read()).order?.traceId).toBe('');
    });
  });
});
