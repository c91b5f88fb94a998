import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CommitStockV1,
  PaymentAuthorizationFailedV1,
  PaymentTopics,
  ReleaseStockV1,
  ReserveStockV1,
} from '@shop/contracts';
import { buildEnvelope, toKafkaMessage } from '@shop/messaging';
import { newCustomer, newKey, OrderSuite } from '../testing/order.under-test';
import { reply, shortType } from '../testing/saga-participants';
import { waitUntil } from '@shop/testing';
import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';

const STEP_TIMEOUT_MS = 3_000;

// The place-order saga end to end inside the order service, on real Postgres and
// Kafka, with inventory and payment played by the test (SagaParticipants): every
// command goes out through order's outbox, every reply comes back through
// its inbox, and the assertions read what order really wrote.
describe('place-order saga (orchestrated by order; P08, P09, P10)', () => {
  const suite = new OrderSuite({ grpc: 22401, admin: 22402, inventory: 22403 }, STEP_TIMEOUT_MS);

  beforeAll(() => suite.setUp(), 120_000);
  afterAll(() => suite.tearDown(), 60_000);
  beforeEach(() => {
    suite.participants.script = () => undefined;
  });

  const place = async (productId: string, options: { quantity?: number; token?: string } = {}) => {
    const { order } = await suite.order.client.placeOrder({
      customerId: newCustomer(),
      idempotencyKey: newKey(),
      lines: [{ productId, quantity: options.quantity ?? 2 }],
      paymentMethodToken: options.token ?? 'pm_ok',
    });
    if (!order) throw new Error('PlaceOrder returned no order');
    return order;
  };

  it('happy path: reserve -> authorize -> commit -> capture -> CONFIRMED, each command exactly once', async () => {
    const product = suite.product({ priceMinor: 1_250 });
    const order = await place(product, { quantity: 2, token: 'pm_happy' });
    expect(order).toMatchObject({
      status: 'PENDING',
      total: { amountMinor: 2_500, currency: 'EUR' },
      lines: [{ productId: product, quantity: 2, unitPrice: { amountMinor: 1_250, currency: 'EUR' } }],
      steps: [{ step: 'RESERVE_STOCK', event: 'STARTED' }],
    });

    const row = await suite.waitForStatus(order.orderId, 'CONFIRMED');
    expect(row['confirmed_at']).toBeInstanceOf(Date);
    expect(suite.participants.commandsOf(order.orderId)).toEqual([
      'reserve-stock',
      'authorize-payment',
      'commit-stock',
      'capture-payment',
    ]);
    expect(await suite.outboxTypes(order.orderId)).toEqual([
      'shop.order.created.v1',
      ReserveStockV1.type,
      AuthorizePaymentV1.type,
      CommitStockV1.type,
      'shop.payment.capture-payment.v1',
      'shop.order.confirmed.v1',
    ]);
    const authorize = suite.participants.received.find(
      (c) => c.orderId === order.orderId && c.type === AuthorizePaymentV1.type,
    );
    expect(authorize?.data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      amount: { amountMinor: 2_500, currency: 'EUR' },
      paymentMethodToken: 'pm_happy',
    });
    // The token is needed for one command only and is not kept afterwards.
    const [saga] = await suite.db.query(
      'SELECT status, payment_method_token, deadline_at FROM place_order_sagas WHERE order_id = $1',
      [order.orderId],
    );
    expect(saga).toEqual({ status: 'CONFIRMED', payment_method_token: null, deadline_at: null });

    const { order: fetched } = await suite.order.client.getOrder({
      orderId: order.orderId,
      customerId: order.customerId,
    });
    expect(fetched?.status).toBe('CONFIRMED');
    expect(fetched?.steps.map((s) => `${s.step} ${s.event}`)).toEqual(HAPPY_PATH_STEPS);
    expect(fetched?.steps.every((s) => !Number.isNaN(Date.parse(s.at)))).toBe(true);
  });

  it('out of stock -> CANCELLED with the inventory code, and no payment command at all', async () => {
    const product = suite.product();
    suite.participants.script = (command) =>
      command.type === ReserveStockV1.type ? [reply.outOfStock(command.orderId, [product])] : undefined;
    const order = await place(product);

    const row = await suite.waitForStatus(order.orderId, 'CANCELLED');
    expect(row).toMatchObject({ cancel_code: 'INVENTORY.OUT_OF_STOCK', cancel_reason: 'not enough stock' });
    expect(await suite.outboxTypes(order.orderId)).toEqual([
      'shop.order.created.v1',
      ReserveStockV1.type,
      'shop.order.cancelled.v1',
    ]);
    expect(suite.participants.commandsOf(order.orderId)).toEqual(['reserve-stock']);
  });

  it('declined card -> the stock is released -> CANCELLED PAYMENT.DECLINED', async () => {
    const product = suite.product();
    suite.participants.script = (command) =>
      command.type === AuthorizePaymentV1.type ? [reply.declined(command.orderId)] : undefined;
    const order = await place(product);

    const row = await suite.waitForStatus(order.orderId, 'CANCELLED');
    expect(row['cancel_code']).toBe('PAYMENT.DECLINED');
    expect(suite.participants.commandsOf(order.orderId)).toEqual([
      'reserve-stock',
      'authorize-payment',
      'release-stock',
    ]);
    expect(await suite.history(order.orderId)).toEqual([
      'RESERVE_STOCK STARTED',
      'RESERVE_STOCK SUCCEEDED',
      'AUTHORIZE_PAYMENT STARTED',
      'AUTHORIZE_PAYMENT FAILED PAYMENT.DECLINED',
      'RELEASE_STOCK STARTED',
      'RELEASE_STOCK SUCCEEDED',
      'ORDER CANCELLED PAYMENT.DECLINED',
    ]);
  });

  it('a silent payment step times out -> release stock + cancel payment -> CANCELLED ORDER.STEP_TIMED_OUT; the late reply is ignored', async () => {
    const product = suite.product();
    suite.participants.script = (command) => (command.type === AuthorizePaymentV1.type ? [] : undefined);
    const order = await place(product);

    const row = await suite.waitForStatus(order.orderId, 'CANCELLED', STEP_TIMEOUT_MS + 20_000);
    expect(row['cancel_code']).toBe('ORDER.STEP_TIMED_OUT');
    // The compensations go out together on two topics: they may arrive in either order.
    const commands = suite.participants.commandsOf(order.orderId);
    expect(commands.slice(0, 2)).toEqual(['reserve-stock', 'authorize-payment']);
    expect(commands.slice(2).sort()).toEqual(['cancel-payment', 'release-stock']);
    const steps = await suite.history(order.orderId);
    expect(steps).toContain('AUTHORIZE_PAYMENT TIMED_OUT ORDER.STEP_TIMED_OUT');
    expect(steps.at(-1)).toBe('ORDER CANCELLED ORDER.STEP_TIMED_OUT');

    // The authorization that finally arrives changes nothing: recorded, ignored.
    await suite.participants.send(order.orderId, [reply.paymentAuthorized(order.orderId, order.total)]);
    await waitUntil(
      async () => (await suite.history(order.orderId)).includes('AUTHORIZE_PAYMENT REPLY_IGNORED'),
      {
        description: 'the late reply to be recorded as ignored',
      },
    );
    expect((await suite.orderRow(order.orderId))?.['status']).toBe('CANCELLED');
    expect(await suite.outboxTypes(order.orderId)).not.toContain(CommitStockV1.type);
  });

  it('a silent reservation times out -> release only (nothing was asked of payment)', async () => {
    const product = suite.product();
    suite.participants.script = (command) => (command.type === ReserveStockV1.type ? [] : undefined);
    const order = await place(product);

    await suite.waitForStatus(order.orderId, 'CANCELLED', STEP_TIMEOUT_MS + 20_000);
    expect(suite.participants.commandsOf(order.orderId)).toEqual(['reserve-stock', 'release-stock']);
    expect(await suite.outboxTypes(order.orderId)).not.toContain(CancelPaymentV1.type);
  });

  it('ignores duplicate and out-of-order replies: one command per step, one confirmation', async () => {
    const product = suite.product();
    suite.participants.script = (command, defaults) => {
      // A reply for a step that has not started arrives first, then the real one twice.
      if (command.type === ReserveStockV1.type) {
        return [reply.stockCommitted(command.orderId), ...defaults, reply.stockReserved(command.orderId)];
      }
      if (command.type === CommitStockV1.type) return [...defaults, ...defaults];
      return undefined;
    };
    const order = await place(product);

    await suite.waitForStatus(order.orderId, 'CONFIRMED');
    await waitUntil(
      async () =>
        (await suite.history(order.orderId)).filter((h) => h.includes('REPLY_IGNORED')).length === 3,
      {
        description: 'all three stray replies to be recorded',
      },
    );
    const types = await suite.outboxTypes(order.orderId);
    expect(types.filter((t) => t === AuthorizePaymentV1.type)).toHaveLength(1);
    expect(types.filter((t) => t === 'shop.payment.capture-payment.v1')).toHaveLength(1);
    expect(types.filter((t) => t === 'shop.order.confirmed.v1')).toHaveLength(1);
    const ignored = await suite.db.query<{ step: string; detail: string }>(
      `SELECT step, detail FROM saga_step_history WHERE order_id = $1 AND event = 'REPLY_IGNORED' ORDER BY id`,
      [order.orderId],
    );
    expect(ignored.map((i) => i.step).sort()).toEqual(['COMMIT_STOCK', 'COMMIT_STOCK', 'RESERVE_STOCK']);
  });

  it('a redelivered reply (same event id) is dropped by the inbox before the saga sees it (P10)', async () => {
    const product = suite.product();
    const order = await place(product);
    await suite.waitForStatus(order.orderId, 'CONFIRMED');
    const historyBefore = await suite.history(order.orderId);

    // Re-deliver the exact declined reply twice: same id, as Kafka would after a crash.
    const envelope = buildEnvelope(
      {
        type: PaymentAuthorizationFailedV1.type,
        subject: order.orderId,
        data: reply.declined(order.orderId).data,
      },
      { source: 'payment' },
    );
    const producer = suite.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: suite.topic(PaymentTopics.replies),
      messages: [toKafkaMessage(envelope), toKafkaMessage(envelope)],
    });
    await producer.disconnect();

    const inbox = await waitUntil(
      async () => {
        const [row] = await suite.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
          [envelope.id],
        );
        return row?.n === 1 ? row : undefined;
      },
      { description: 'the reply to be claimed in the inbox' },
    );
    expect(inbox.n).toBe(1);
    const historyAfter = await suite.history(order.orderId);
    // Processed once (one REPLY_IGNORED line for the stray failure), never twice.
    expect(historyAfter).toEqual([...historyBefore, 'AUTHORIZE_PAYMENT REPLY_IGNORED']);
    expect((await suite.orderRow(order.orderId))?.['status']).toBe('CONFIRMED');
  });

  it('compensation replies may arrive in any order; the order is cancelled once both are in', async () => {
    const product = suite.product();
    suite.participants.script = (command) => {
      if (command.type === 'shop.payment.capture-payment.v1') {
        return [
          {
            from: 'payment' as const,
            type: 'shop.payment.payment-capture-failed.v1',
            data: {
              orderId: command.orderId,
              code: 'PAYMENT.CAPTURE_FAILED',
              reason: 'authorization expired',
            },
          },
        ];
      }
      if (command.type === ReleaseStockV1.type) return 'hold';
      return undefined;
    };
    const order = await place(product);

    await waitUntil(async () => suite.participants.heldFor(order.orderId) === 1, {
      description: 'the release to be held',
    });
    await waitUntil(async () => (await suite.history(order.orderId)).includes('CANCEL_PAYMENT SUCCEEDED'), {
      description: 'the payment to be cancelled first',
    });
    expect((await suite.orderRow(order.orderId))?.['status']).toBe('PENDING');
    await suite.participants.releaseHeld(order.orderId);
    const row = await suite.waitForStatus(order.orderId, 'CANCELLED');
    expect(row['cancel_code']).toBe('PAYMENT.CAPTURE_FAILED');
    const commands = suite.participants.commandsOf(order.orderId);
    expect(commands.slice(0, 4)).toEqual([
      'reserve-stock',
      'authorize-payment',
      'commit-stock',
      'capture-payment',
    ]);
    expect(commands.slice(4).sort()).toEqual(['cancel-payment', 'release-stock']);
    expect((await suite.outboxTypes(order.orderId)).map(shortType).slice(-3)).toEqual([
      'release-stock',
      'cancel-payment',
      'cancelled',
    ]);
  });
});
