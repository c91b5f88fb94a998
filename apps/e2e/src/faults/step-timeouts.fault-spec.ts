import { waitUntil } from '@shop/testing';
import { gateway } from '../support/gateway';
import {
  finished,
  paymentsOf,
  placeOrder,
  providerChargesOf,
  stepsOf,
  stockOf,
  type OrderView,
} from '../support/shop';
import { oneLineOrder, orderMidAuthorization, restoreKnobs, useDrill } from './support/drill';
import { freezeApp, setProviderKnobs, thawApp } from './support/system';

// The payment provider processes the authorization and then never answers
// within any budget: each call hangs for a minute, longer than payment's call
// budget (3 x 2 s + backoff) and the saga's step timeout (30 s). That is the
// ambiguous case: the card may be on hold although nobody heard so. Payment
// gives up within its budget, the saga compensates (stock released), and a
// RELEASE action voids the unknown hold once the provider answers again
// (docs/payment.md "outage"). No money is captured, no hold is left behind.
describe('fault: the payment step outlives its deadline (provider timeouts, a hung payment service)', () => {
  const ctx = useDrill();

  it('compensated: CANCELLED, stock restored, nothing captured, the ambiguous hold voided', async () => {
    const { productId, body } = await oneLineOrder(ctx, 3, 2_500);
    await setProviderKnobs({ timeoutRate: 1, hangMs: 60_000 });
    const orderId = await placeOrder(ctx.customer, body);

    const order = await finished(ctx.customer, orderId, 90_000);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { code: expect.any(String) } });
    expect(stepsOf(order)).toEqual(expect.arrayContaining(['RELEASE_STOCK SUCCEEDED', 'ORDER CANCELLED']));
    expect(stepsOf(order)).not.toContain('CAPTURE_PAYMENT STARTED');
    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0 });
    const [payment] = await paymentsOf(orderId);
    expect(payment?.status).not.toBe('CAPTURED');

    // The provider did process the hold; once it answers again, payment voids it.
    await restoreKnobs(ctx);
    const charges = await waitUntil(
      async () => {
        const found = await providerChargesOf(orderId);
        return found.length > 0 && found.every((charge) => charge['status'] === 'canceled')
          ? found
          : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        description: 'the ambiguous hold to be voided at the provider',
      },
    );
    expect(charges.every((charge) => charge['amount_captured'] === 0)).toBe(true);
  }, 240_000);

  it('payment hangs past the step timeout: the order times the step out and compensates; the late hold is voided', async () => {
    const { productId, orderId } = await orderMidAuthorization(ctx, 3_000);
    // Alive but silent: no reply, no error, exactly what only a deadline can detect.
    await freezeApp('payment');
    try {
      // The order's timeout job notices the silence and starts compensating.
      await waitUntil(
        async () => {
          const res = await gateway().get(`/v1/orders/${orderId}`).set(ctx.customer.auth).expect(200);
          return stepsOf(res.body as OrderView).includes('AUTHORIZE_PAYMENT TIMED_OUT') || undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500, description: 'the authorize step to time out' },
      );
    } finally {
      await thawApp('payment');
    }
    // CancelPayment can only finish once payment is back: then the order is CANCELLED.
    const order = await finished(ctx.customer, orderId, 90_000);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { code: 'ORDER.STEP_TIMED_OUT' } });
    expect(stepsOf(order)).toEqual(
      expect.arrayContaining(['AUTHORIZE_PAYMENT TIMED_OUT', 'RELEASE_STOCK SUCCEEDED', 'ORDER CANCELLED']),
    );
    expect(await stockOf(productId)).toEqual({ available: 3, reserved: 0 });

    // Thawed, payment finishes the authorization it had started, then runs the
    // compensation's CancelPayment: the late hold is voided, nothing captured.
    const payment = await waitUntil(
      async () => {
        const [row] = await paymentsOf(orderId);
        return row && ['VOIDED', 'FAILED'].includes(row.status) ? row : undefined;
      },
      { timeoutMs: 60_000, description: 'the late authorization to be voided' },
    );
    expect(payment.status).toBe('VOIDED');
    const charges = await providerChargesOf(orderId);
    expect(charges).toEqual([expect.objectContaining({ status: 'canceled', amount_captured: 0 })]);
  }, 240_000);
});
