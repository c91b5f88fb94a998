import { gateway } from '../support/gateway';
import { finished, placeOrder, stepsOf } from '../support/shop';
import { oneLineOrder, useDrill } from './support/drill';
import { faultCli as fault } from './support/system';

// `make fault` against the running system, as a learner turns it (docs/faults.md): the
// provider's decline knob set through the CLI cancels the next order with the card's
// decline and shows in the storefront's banner route; cleared, the next order is confirmed.

describe('fault: make fault turns the payment provider knob, GET /v1/lab/faults shows it', () => {
  const ctx = useDrill(); // puts the provider's knobs back after each test, even a failed one

  afterAll(async () => {
    await fault('clear', 'provider.decline-rate');
  });

  it('decline-rate 1: the order is CANCELLED for PAYMENT.DECLINED; cleared: CONFIRMED', async () => {
    expect(await fault('set', 'provider.decline-rate', '1')).toMatch(
      /^provider\.decline-rate: 0 -> 1 \(on\)$/m,
    );
    expect(await fault('list')).toMatch(/^provider\.decline-rate\s+\* 1\s/m);
    const banner = await gateway().get('/v1/lab/faults').expect(200);
    expect(banner.body.knobs).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'provider.decline-rate', value: '1' })]),
    );

    const declined = await finished(
      ctx.customer,
      await placeOrder(ctx.customer, (await oneLineOrder(ctx)).body),
    );
    expect(declined).toMatchObject({ status: 'CANCELLED', cancellation: { code: 'PAYMENT.DECLINED' } });
    expect(stepsOf(declined)).toEqual(
      expect.arrayContaining(['AUTHORIZE_PAYMENT FAILED', 'RELEASE_STOCK SUCCEEDED']),
    );

    expect(await fault('clear', 'provider.decline-rate')).toMatch(/^provider\.decline-rate: 1 -> 0$/m);
    const cleared = await gateway().get('/v1/lab/faults').expect(200);
    expect(cleared.body.knobs).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'provider.decline-rate' })]),
    );
    const confirmed = await finished(
      ctx.customer,
      await placeOrder(ctx.customer, (await oneLineOrder(ctx)).body),
    );
    expect(confirmed).toMatchObject({ status: 'CONFIRMED' });
  }, 180_000);

  it('a value out of bounds is refused with what the knob accepts, and nothing changes', async () => {
    await expect(fault('set', 'provider.decline-rate', '2')).rejects.toMatchObject({
      cause: { stderr: expect.stringContaining('fix: give 0-1') },
    });
    expect(await fault('list')).toMatch(/^provider\.decline-rate\s+ {2}0\s/m);
  });
});
