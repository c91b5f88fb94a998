import { useDrill } from '../faults/support/drill';
import { useLab } from './support/lab';
import { putSystemBack } from './support/put-back';
import { finishedTimeline } from './support/order-output';

// docs/labs/declined-card-compensation.md: with every card declined, the order is cancelled
// and the stock it reserved released; one email; the knob cleared by the lab's last step.
describe('lab: declined card compensation', () => {
  const drill = useDrill();
  const lab = useLab('declined-card-compensation.md', { restore: () => putSystemBack(drill) });

  it('CANCELLED for PAYMENT.DECLINED, RELEASE_STOCK compensates, stock back, one email each from payment and order', async () => {
    expect(await lab.step('decline')).toMatch(/^provider\.decline-rate: 0 -> 1 \(on\)$/m);
    const timeline = await lab.until('timeline', finishedTimeline);
    expect(timeline).toEqual({
      status: 'CANCELLED',
      cancellation: 'PAYMENT.DECLINED',
      steps: [
        'RESERVE_STOCK STARTED',
        'RESERVE_STOCK SUCCEEDED',
        'AUTHORIZE_PAYMENT STARTED',
        'AUTHORIZE_PAYMENT FAILED',
        'RELEASE_STOCK STARTED',
        'RELEASE_STOCK SUCCEEDED',
        'ORDER CANCELLED',
      ],
    });

    const orderId = await lab.variable('ORDER');
    const [stock, subjects] = await lab.until('effects', (stdout) => {
      const [stockLine, mailLine] = stdout.trim().split('\n');
      const mails = (JSON.parse(mailLine ?? '[]') as string[]).filter((subject) => subject.includes(orderId));
      return mails.length >= 2 ? ([JSON.parse(stockLine ?? '{}'), mails] as const) : undefined;
    });
    expect(stock).toMatchObject({ available: 10, reserved: 0 });
    expect([...subjects].sort()).toEqual([
      `Payment for order ${orderId} failed`,
      `Your order ${orderId} was cancelled`,
    ]);

    expect(await lab.step('clear')).toMatch(/^provider\.decline-rate: 1 -> 0$/m);
  });
});
