import { AppError, GrpcStatus } from '@shop/platform';
import { newCustomer, newKey, OrderSuite, rejectionOf } from '../testing/order.under-test';
import { customerRows, placeOrderRequest as request } from '../testing/place-order-fixtures';
import { IdempotencyCleanupJob } from './idempotency-cleanup.job';
import { requestFingerprint } from './request-fingerprint';
import { waitUntil } from '@shop/testing';

// The Idempotency-Key protocol around PlaceOrder, against real Postgres and
// Kafka: replays, mismatches, concurrent duplicates, crashed and fenced owners,
// and the retention job. Failures that release the key: ../place-order/place-order.int-spec.ts.
describe('IdempotentCommand: PlaceOrder under its Idempotency-Key (P05)', () => {
  const suite = new OrderSuite({ grpc: 22420, admin: 22421, inventory: 22422 });

  beforeAll(() => suite.setUp(), 120_000);
  afterAll(() => suite.tearDown(), 60_000);

  const { ordersOf } = customerRows(suite);

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

  it('an owner that lost its key mid-request (fenced by the lease token) writes nothing and answers 409', async () => {
    const customer = newCustomer();
    const key = newKey();
    const product = suite.product();
    suite.inventory.latencyMs.set(product, 1_000); // keeps the owner between claim and commit
    const placing = rejectionOf(suite.order.client.placeOrder(request(customer, key, product)));
    await waitUntil(
      async () =>
        (await suite.db.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [key])).length > 0,
      { description: 'the owner to claim the key' },
    );
    // What a take-over after an expired lease does: a new owner, a new lease token.
    await suite.db.query(
      'UPDATE idempotency_keys SET lease_token = gen_random_uuid() WHERE idempotency_key = $1',
      [key],
    );
    expect(await placing).toMatchObject({
      code: 'ORDER.REQUEST_IN_PROGRESS',
      grpcStatus: GrpcStatus.ABORTED,
    });
    expect(await ordersOf(customer)).toBe(0);
    const [stored] = await suite.db.query('SELECT status FROM idempotency_keys WHERE idempotency_key = $1', [
      key,
    ]);
    expect(stored).toEqual({ status: 'IN_FLIGHT' }); // the new owner's, untouched
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

    const job = suite.service?.handle.app.get(IdempotencyCleanupJob, { strict: false });
    expect(await job?.runDue(new Date())).toBeGreaterThanOrEqual(1);
    const left = await suite.db.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM idempotency_keys WHERE customer_id = $1',
      [customer],
    );
    expect(left.map((row) => row.idempotency_key)).toEqual([fresh]);
  });
});
