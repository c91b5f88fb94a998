import { fullJitterDelayMs } from './backoff';

describe('full-jitter backoff (P05)', () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it('the ceiling doubles per attempt and is capped', () => {
    const ceiling = (attempt: number) => fullJitterDelayMs(attempt, options, () => 0.999999);
    expect([1, 2, 3, 4, 5, 10].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('the delay is uniform from zero (full jitter)', () => {
    expect(fullJitterDelayMs(3, options, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, options, () => 0.5)).toBe(200);
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => fullJitterDelayMs(0, options)).toThrow(RangeError);
  });
});
