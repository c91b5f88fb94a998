import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { finished, paymentsOf, providerChargesOf, stepsOf, stockOf } from '../support/shop';
import { orderMidAuthorization, useDrill } from './support/drill';
import { killApp, startApp } from './support/system';

// Payment is SIGKILLed while the provider is processing the order's
// authorization. The action row in payment_db outlives the process: the
// restarted service runs it again with the same idempotency key once its lease
// ran out, the provider replays its answer instead of charging twice, and the
// saga goes on (docs/payment.md "crash windows", docs/saga.md).

describe('fault: payment SIGKILLed mid-saga', () => {
  const ctx = useDrill({ restart: ['payment'] });

  it('killed during the provider call, restarted: CONFIRMED, one charge, captured once, stock taken once', async () => {
    const { productId, orderId } = await orderMidAuthorization(ctx, 1_000);
    await killApp('payment');
    expect(await paymentsOf(orderId)).toEqual([{ status: 'AUTHORIZING', amount_minor: '1000' }]);
    await startApp('payment');

    const order = await finished(ctx.customer, orderId, 90_000);
    expect(order.status).toBe('CONFIRMED');
    expect(stepsOf(order)).toEqual(HAPPY_PATH_STEPS);
    expect(await paymentsOf(orderId)).toEqual([{ status: 'CAPTURED', amount_minor: '1000' }]);
    // The provider's own books: one charge for the order (the retry replayed it), captured in full once.
    expect(await providerChargesOf(orderId)).toEqual([
      expect.objectContaining({ amount: 1_000, amount_captured: 1_000, captured: true, status: 'succeeded' }),
    ]);
    expect(await stockOf(productId)).toEqual({ available: 2, reserved: 0 });
  }, 150_000);
});
