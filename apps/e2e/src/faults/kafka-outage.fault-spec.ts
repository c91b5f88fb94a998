import { mailsTo, queryService, waitUntil } from '@shop/testing';
import {
  finished,
  newProduct,
  orderBody,
  paymentsOf,
  placeOrder,
  providerChargesOf,
  stockOf,
} from '../support/shop';
import { useDrill } from './support/drill';
import { caughtUp } from './support/kafka-lag';
import { startKafka, stopKafka, unpublished } from './support/system';

const ORDERS = 5;

// The broker goes away. Nothing that matters needs it synchronously: orders are
// still accepted (Postgres + gRPC), their events and saga commands wait in the
// order service's outbox (docs/outbox.md). When Kafka is back the relays drain
// the backlog, consumers rejoin their groups, and every saga finishes. A saga
// whose step waited longer than ORDER_SAGA_STEP_TIMEOUT_MS is compensated by the
// timeout job: allowed, but then fully, and for no other reason. Either way
// nothing is lost and nothing happens twice.
describe('fault: Kafka stopped for a while', () => {
  const ctx = useDrill();

  it('orders accepted during the outage; outboxes back up, then drain; every saga completes, effects consistent', async () => {
    const productId = await newProduct(ctx.admin, 10, 700);
    let orderIds: string[] = [];
    await stopKafka();
    try {
      orderIds = await Promise.all(
        Array.from({ length: ORDERS }, () => placeOrder(ctx.customer, orderBody(productId, 1, ctx.card))),
      );
      // Each order's `created` event and its ReserveStock command are recorded, not sent.
      const backlog = await waitUntil(
        async () => {
          const n = await unpublished('order');
          return n >= 2 * ORDERS ? n : undefined;
        },
        { timeoutMs: 10_000, description: 'the order outbox to back up' },
      );
      expect(backlog).toBeGreaterThanOrEqual(2 * ORDERS);
    } finally {
      await startKafka();
    }

    const orders = await Promise.all(orderIds.map((id) => finished(ctx.customer, id, 120_000)));
    for (const [i, order] of orders.entries()) {
      const orderId = orderIds[i] as string;
      const [payment] = await paymentsOf(orderId);
      const charges = await providerChargesOf(orderId);
      if (order.status === 'CONFIRMED') {
        expect(payment?.status).toBe('CAPTURED');
        expect(charges).toEqual([expect.objectContaining({ amount_captured: 700, captured: true })]);
      } else {
        // Only the step deadline may cancel an order here: no reply was lost, none failed.
        expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { code: 'ORDER.STEP_TIMED_OUT' } });
        expect(charges.filter((charge) => charge['captured'] === true)).toEqual([]);
      }
    }
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED').length;
    expect(await stockOf(productId)).toEqual({ available: 10 - confirmed, reserved: 0 });

    // Drained: nothing left in any outbox, every group caught up.
    for (const service of ['order', 'inventory', 'payment'] as const) {
      await waitUntil(async () => (await unpublished(service)) === 0 || undefined, {
        timeoutMs: 30_000,
        description: `the ${service} outbox to drain`,
      });
    }
    await caughtUp();
    // Exactly one email per order, whatever its outcome (the redelivered events after the outage sent none twice).
    const mails = await waitUntil(
      async () => {
        const all = await mailsTo(ctx.customer.email);
        const perOrder = orderIds.map((id) => all.filter((mail) => mail.Subject.includes(id)).length);
        return perOrder.every((n) => n >= 1) ? perOrder : undefined;
      },
      { timeoutMs: 60_000, description: 'an email for every order' },
    );
    expect(mails).toEqual(orderIds.map(() => 1));
    const created = await queryService<{ n: number }>(
      'order',
      `SELECT count(*)::int AS n FROM outbox WHERE subject = ANY($1::text[]) AND event_type = 'shop.order.created.v1'`,
      [orderIds],
    );
    expect(created[0]?.n).toBe(ORDERS);
  }, 240_000);
});
