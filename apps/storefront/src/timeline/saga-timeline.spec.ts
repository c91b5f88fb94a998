import type { SagaHistoryEntry } from '../api/api-types';
import { sagaTimeline } from './saga-timeline';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();
const line = (
  second: number,
  step: string,
  event: string,
  code: string | null = null,
  detail: string | null = null,
) => ({ step, event, at: at(second), code, detail }) satisfies SagaHistoryEntry;

describe('sagaTimeline', () => {
  it('pairs each STARTED with the line that ended it: the happy path, ending CONFIRMED', () => {
    const bars = sagaTimeline([
      line(0, 'RESERVE_STOCK', 'STARTED'),
      line(1, 'RESERVE_STOCK', 'SUCCEEDED', null, 'reservation r1'),
      line(1, 'AUTHORIZE_PAYMENT', 'STARTED'),
      line(3, 'AUTHORIZE_PAYMENT', 'SUCCEEDED'),
      line(3, 'COMMIT_STOCK', 'STARTED'),
      line(4, 'COMMIT_STOCK', 'SUCCEEDED'),
      line(4, 'CAPTURE_PAYMENT', 'STARTED'),
      line(6, 'CAPTURE_PAYMENT', 'SUCCEEDED'),
      line(6, 'ORDER', 'CONFIRMED'),
    ]);
    expect(bars.map((bar) => [bar.step, bar.outcome, bar.durationMs])).toEqual([
      ['RESERVE_STOCK', 'succeeded', 1_000],
      ['AUTHORIZE_PAYMENT', 'succeeded', 2_000],
      ['COMMIT_STOCK', 'succeeded', 1_000],
      ['CAPTURE_PAYMENT', 'succeeded', 2_000],
      ['ORDER', 'confirmed', 0],
    ]);
    expect(bars[0]).toMatchObject({ label: 'Reserve stock', detail: 'reservation r1', endedAt: at(1) });
  });

  it('a declined card: the failed step with its code, then the compensation, then CANCELLED', () => {
    const bars = sagaTimeline([
      line(0, 'RESERVE_STOCK', 'STARTED'),
      line(1, 'RESERVE_STOCK', 'SUCCEEDED'),
      line(1, 'AUTHORIZE_PAYMENT', 'STARTED'),
      line(2, 'AUTHORIZE_PAYMENT', 'FAILED', 'PAYMENT.DECLINED', 'Your card was declined.'),
      line(2, 'RELEASE_STOCK', 'STARTED'),
      line(3, 'RELEASE_STOCK', 'SUCCEEDED'),
      line(3, 'ORDER', 'CANCELLED', 'PAYMENT.DECLINED', 'Your card was declined.'),
    ]);
    expect(bars.map((bar) => [bar.step, bar.kind, bar.outcome, bar.code])).toEqual([
      ['RESERVE_STOCK', 'forward', 'succeeded', null],
      ['AUTHORIZE_PAYMENT', 'forward', 'failed', 'PAYMENT.DECLINED'],
      ['RELEASE_STOCK', 'compensation', 'succeeded', null],
      ['ORDER', 'outcome', 'cancelled', 'PAYMENT.DECLINED'],
    ]);
  });

  it('a timeout ends its step as timed-out; a re-sent compensation is a note, and the step runs on', () => {
    const bars = sagaTimeline([
      line(0, 'AUTHORIZE_PAYMENT', 'STARTED'),
      line(5, 'AUTHORIZE_PAYMENT', 'TIMED_OUT', 'ORDER.STEP_TIMED_OUT'),
      line(5, 'CANCEL_PAYMENT', 'STARTED'),
      line(10, 'CANCEL_PAYMENT', 'RETRIED', null, 'no reply in time; re-sent (attempt 2)'),
    ]);
    expect(bars.map((bar) => [bar.step, bar.outcome, bar.endedAt])).toEqual([
      ['AUTHORIZE_PAYMENT', 'timed-out', at(5)],
      ['CANCEL_PAYMENT', 'running', null],
    ]);
    expect(bars[1]?.notes).toEqual([`RETRIED: no reply in time; re-sent (attempt 2) (${at(10)})`]);
  });

  it('a reply that came too late is noted on the step it answered, which stays as it ended', () => {
    const bars = sagaTimeline([
      line(0, 'AUTHORIZE_PAYMENT', 'STARTED'),
      line(5, 'AUTHORIZE_PAYMENT', 'TIMED_OUT', 'ORDER.STEP_TIMED_OUT'),
      line(6, 'AUTHORIZE_PAYMENT', 'REPLY_IGNORED', null, 'PaymentAuthorized after the step ended'),
    ]);
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatchObject({
      outcome: 'timed-out',
      notes: [expect.stringContaining('REPLY_IGNORED')],
    });
  });

  it('a step the page does not know yet still shows, under its own name', () => {
    expect(sagaTimeline([line(0, 'SHIP_PARCEL', 'STARTED')])).toEqual([
      expect.objectContaining({ step: 'SHIP_PARCEL', label: 'SHIP_PARCEL', outcome: 'running' }),
    ]);
  });

  it('no history: no bars', () => {
    expect(sagaTimeline([])).toEqual([]);
  });
});
