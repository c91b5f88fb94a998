import { useDrill } from '../faults/support/drill';
import { useLab } from './support/lab';
import { putSystemBack } from './support/put-back';
import { finishedTimeline, timelineOf } from './support/order-output';

// docs/labs/provider-timeout-vs-step-deadline.md: a hanging provider is cut by payment's own
// call budget (CANCELLED long before the step deadline, the unanswered hold voided later); a
// frozen payment only by the saga's step deadline (TIMED_OUT, then CANCELLED once thawed).
describe('lab: provider timeout vs step deadline', () => {
  const drill = useDrill();
  const lab = useLab('provider-timeout-vs-step-deadline.md', {
    restore: () => putSystemBack(drill, ['payment']),
  });

  it("payment's budget answers a hanging provider: CANCELLED by a failed authorization; the hold voided", async () => {
    await lab.step('provider-hangs');
    const timeline = await lab.until('hang-timeline', finishedTimeline);
    expect(timeline.status).toBe('CANCELLED');
    expect(timeline.steps).toEqual(
      expect.arrayContaining(['AUTHORIZE_PAYMENT FAILED', 'RELEASE_STOCK SUCCEEDED', 'ORDER CANCELLED']),
    );
    expect(timeline.steps).not.toContain('AUTHORIZE_PAYMENT TIMED_OUT');

    const charges = await lab.until(
      'hold-voided',
      (stdout) => {
        const found = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as Array<{ status: string }>;
        return found.length > 0 && found.every((charge) => charge.status === 'canceled') ? found : undefined;
      },
      150_000,
    );
    expect(charges).toEqual([{ status: 'canceled', amount_captured: 0 }]);
  }, 240_000);

  it('a frozen payment is cut by the step deadline: TIMED_OUT while frozen, CANCELLED once thawed', async () => {
    await lab.step('payment-frozen');
    const whileFrozen = await lab.until(
      'frozen-timeline',
      (stdout) =>
        timelineOf(stdout).steps.includes('AUTHORIZE_PAYMENT TIMED_OUT') ? timelineOf(stdout) : undefined,
      90_000,
    );
    expect(whileFrozen.status).toBe('PENDING');

    await lab.step('thaw');
    const timeline = await lab.until('frozen-timeline', finishedTimeline, 90_000);
    expect(timeline).toMatchObject({ status: 'CANCELLED', cancellation: 'ORDER.STEP_TIMED_OUT' });
    expect(timeline.steps).toEqual(
      expect.arrayContaining(['AUTHORIZE_PAYMENT TIMED_OUT', 'RELEASE_STOCK SUCCEEDED', 'ORDER CANCELLED']),
    );
  }, 240_000);
});
