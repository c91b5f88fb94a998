import { mailsTo, queryService, waitUntil, type ServiceName } from '@shop/testing';
import { finished, paymentsOf, placeOrder, providerChargesOf, stockOf } from '../support/shop';
import { oneLineOrder, useDrill } from './support/drill';
import { caughtUp } from './support/kafka-lag';
import { counter } from './support/system';

const SERVICES: ServiceName[] = ['order', 'inventory', 'payment'];

// At-least-once delivery means duplicates: a relay that crashed after sending
// but before marking a row sends it again, a consumer that crashed before its
// offset commit reads it again. Here every message of a finished order is sent
// a second time, exactly as the relay would (same event ids): marking the rows
// unpublished. Each receiver's inbox recognises them; the saga, stock,
// money and email are untouched.
describe('fault: every message of a finished order delivered twice', () => {
  const ctx = useDrill();

  const duplicatesSkipped = async () => {
    let sum = 0;
    for (const app of [...SERVICES, 'notification'] as const)
      sum += await counter(app, 'inbox_duplicates_total');
    return sum;
  };

  it('commands, replies and events re-delivered: no second reservation, charge, capture or email', async () => {
    const { productId, body } = await oneLineOrder(ctx, 3, 1_200);
    const orderId = await placeOrder(ctx.customer, body);
    expect((await finished(ctx.customer, orderId)).status).toBe('CONFIRMED');
    const confirmationMail = async () =>
      (await mailsTo(ctx.customer.email)).filter((mail) => mail.Subject.includes(orderId));
    await waitUntil(async () => ((await confirmationMail()).length === 1 ? true : undefined), {
      timeoutMs: 30_000,
      description: 'the confirmation email',
    });
    await caughtUp();

    const before = {
      stock: await stockOf(productId),
      payments: await paymentsOf(orderId),
      charges: await providerChargesOf(orderId),
      history: await queryService(
        'order',
        'SELECT count(*)::int AS n FROM saga_step_history WHERE order_id = $1',
        [orderId],
      ),
    };
    const skippedBefore = await duplicatesSkipped();

    let resent = 0;
    for (const service of SERVICES) {
      const rows = await queryService<{ id: string }>(
        service,
        'UPDATE outbox SET published_at = NULL WHERE subject = $1 RETURNING id',
        [orderId],
      );
      resent += rows.length;
    }
    expect(resent).toBeGreaterThanOrEqual(10); // order: created, 4 commands, confirmed; inventory: 2 replies; payment: 2 replies + facts

    // Sent again (the relays' poll picks the rows up), read and committed by every group.
    for (const service of SERVICES) {
      await waitUntil(
        async () => {
          const [row] = await queryService<{ n: number }>(
            service,
            'SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND published_at IS NULL',
            [orderId],
          );
          return row?.n === 0 || undefined;
        },
        { timeoutMs: 30_000, description: `${service} to re-send the order's messages` },
      );
    }
    await caughtUp();

    // The receivers saw them and skipped them as duplicates...
    expect((await duplicatesSkipped()) - skippedBefore).toBeGreaterThanOrEqual(8);
    // ...and nothing happened a second time.
    expect(await stockOf(productId)).toEqual(before.stock);
    expect(await paymentsOf(orderId)).toEqual(before.payments);
    expect(await providerChargesOf(orderId)).toEqual(before.charges);
    expect(
      await queryService('order', 'SELECT count(*)::int AS n FROM saga_step_history WHERE order_id = $1', [
        orderId,
      ]),
    ).toEqual(before.history);
    expect(await confirmationMail()).toHaveLength(1);
    const [notifications] = await queryService<{ n: number }>(
      'notification',
      `SELECT count(*)::int AS n FROM notifications WHERE subject LIKE '%' || $1 || '%'`,
      [orderId],
    );
    expect(notifications?.n).toBe(1);
  }, 180_000);
});
