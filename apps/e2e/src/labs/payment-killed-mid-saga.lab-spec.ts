import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { useDrill } from '../faults/support/drill';
import { useLab } from './support/lab';
import { putSystemBack } from './support/put-back';
import { finishedTimeline } from './support/order-output';

// docs/labs/payment-killed-mid-saga.md: payment SIGKILLed while the provider processes the
// authorization; restarted, the order is CONFIRMED with the happy path and one charge.
describe('lab: payment killed mid-saga', () => {
  const drill = useDrill();
  const lab = useLab('payment-killed-mid-saga.md', { restore: () => putSystemBack(drill, ['payment']) });

  it('PENDING at AUTHORIZE_PAYMENT while down; restarted: CONFIRMED, one charge captured once', async () => {
    expect(await lab.step('kill')).toMatch(/^app\.payment: running -> down \(on\)$/m);
    const [order, payment] = (await lab.step('while-down')).trim().split('\n');
    expect(JSON.parse(order ?? '{}')).toEqual({ status: 'PENDING', last: 'AUTHORIZE_PAYMENT STARTED' });
    expect(payment).toBe('AUTHORIZING');

    await lab.step('restart', 120_000);
    const [timeline, charges] = await lab.until(
      'after-restart',
      (stdout) => {
        const [head = '', steps = '', books = ''] = stdout.trim().split('\n');
        const finished = finishedTimeline(`${head}\n${steps}`);
        return finished ? ([finished, JSON.parse(books) as unknown[]] as const) : undefined;
      },
      120_000,
    );
    expect(timeline).toEqual({ status: 'CONFIRMED', cancellation: null, steps: HAPPY_PATH_STEPS });
    expect(charges).toEqual([{ amount: 1_200, amount_captured: 1_200, status: 'succeeded' }]);
  }, 240_000);
});
