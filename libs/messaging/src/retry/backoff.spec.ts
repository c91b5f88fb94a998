import { abortableSleep } from './abortable-sleep';
import { computeBackoffMs } from './backoff';

describe('computeBackoffMs (P05: capped exponential backoff with jitter)', () => {
  const options = { initialMs: 100, maxMs: 1_000 };

  it('doubles per attempt: the fixed half grows 50, 100, 200, 400', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((attempt) => computeBackoffMs(attempt, options, noJitter))).toEqual([
      50, 100, 200, 400,
    ]);
  });

  it('is capped at maxMs however many attempts', () => {
    const maxJitter = () => 1;
    expect(computeBackoffMs(5, options, maxJitter)).toBe(1_000);
    expect(computeBackoffMs(500, options, maxJitter)).toBe(1_000);
  });

  it('jitters within [cap/2, cap] so replicas do not retry in lockstep', () => {
    expect(computeBackoffMs(3, options, () => 0)).toBe(200);
    expect(computeBackoffMs(3, options, () => 0.5)).toBe(300);
    expect(computeBackoffMs(3, options, () => 1)).toBe(400);
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => computeBackoffMs(0, options)).toThrow(RangeError);
  });
});

describe('abortableSleep (P07: shutdown never waits out a backoff)', () => {
  it('resolves early when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('resolves at once with an already aborted signal', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).resolves.toBeUndefined();
  });
});
