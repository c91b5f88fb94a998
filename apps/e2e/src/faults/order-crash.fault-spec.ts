import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { queryService, waitUntil } from '@shop/testing';
import { finished, paymentsOf, providerChargesOf, stepsOf, stockOf } from '../support/shop';
import { orderMidAuthorization, useDrill } from './support/drill';
import { killApp, startApp } from './support/system';

// The order service, which orchestrates the saga, is SIGKILLed between two
// steps: payment's reply is produced while nobody consumes it. The saga's state
// is in order_db and the reply waits in Kafka (its offset was never committed),
// so the restarted service picks up exactly where it stopped (docs/saga.md).
describe('fault: order (the saga orchestrator) SIGKILLed between steps', () => {
  const ctx = useDrill({ restart: ['order'] });

  it('killed while payment authorizes, the reply sent while it is down: resumes, CONFIRMED, each command sent once', async () => {
    const { productId, orderId } = await orderMidAuthorization(ctx, 1_500);
    await killApp('order');
    // Payment finishes its step and replies while the orchestrator is dead.
    await waitUntil(async () => (await paymentsOf(orderId))[0]?.status === 'AUTHORIZED' || undefined, {
      timeoutMs: 30_000,
      description: 'payment to authorize while order is down',
    });
    await startApp('order');

    const order = await finished(ctx.customer, orderId, 90_000);
    expect(order.status).toBe('CONFIRMED');
    expect(stepsOf(order)).toEqual(HAPPY_PATH_STEPS);
    // Each command recorded (and so sent) exactly once by the orchestrator's outbox.
    const commands = await queryService<{ event_type: string; n: number }>(
      'order',
      `SELECT event_type, count(*)::int AS n FROM outbox WHERE subject = $1 GROUP BY event_type ORDER BY event_type`,
      [orderId],
    );
    expect(commands.every((row) => row.n === 1)).toBe(true);
    expect(commands.map((row) => row.event_type.split('.')[2])).toEqual(
      expect.arrayContaining(['reserve-stock', 'authorize-payment', 'commit-stock', 'capture-payment']),
    );
    expect(await paymentsOf(orderId)).toEqual([{ status: 'CAPTURED', amount_minor: '1500' }]);
    expect(await providerChargesOf(orderId)).toEqual([
      expect.objectContaining({ amount_captured: 1_500, captured: true }),
    ]);
    expect(await stockOf(productId)).toEqual({ available: 2, reserved: 0 });
  }, 150_000);
});
