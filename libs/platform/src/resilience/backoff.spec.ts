import { backoffDelayMs } from './backoff';

describe('backoffDelayMs (P05: capped exponential backoff with jitter)', () => {
  describe('full jitter', () => {
    const options = { baseMs: 100, maxMs: 1_000, jitter: 'full' } as const;

    it('the ceiling doubles per attempt and is capped', () => {
      const ceiling = (attempt: number) => backoffDelayMs(attempt, options, () => 0.999999);
      expect([1, 2, 3, 4, 5, 10].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999]);
    });

    it('the delay is uniform from zero (full jitter)', () => {
      expect(backoffDelayMs(3, options, () => 0)).toBe(0);
      expect(backoffDelayMs(3, options, () => 0.5)).toBe(200);
    });
  });

  describe('equal jitter', () => {
    const options = { baseMs: 100, maxMs: 1_000, jitter: 'equal' } as const;

    it('doubles per attempt: the fixed half grows 50, 100, 200, 400', () => {
      const noJitter = () => 0;
      expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, options, noJitter))).toEqual([
        50, 100, 200, 400,
      ]);
    });

    it('is capped at maxMs however many attempts', () => {
      const maxJitter = () => 1;
      expect(backoffDelayMs(5, options, maxJitter)).toBe(1_000);
      expect(backoffDelayMs(500, options, maxJitter)).toBe(1_000);
    });

    it('jitters within [cap/2, cap] so replicas do not retry in lockstep', () => {
      expect(backoffDelayMs(3, options, () => 0)).toBe(200);
      expect(backoffDelayMs(3, options, () => 0.5)).toBe(300);
      expect(backoffDelayMs(3, options, () => 1)).toBe(400);
    });
  });

  describe('no jitter', () => {
    const options = { baseMs: 100, maxMs: 1_000, jitter: 'none' } as const;

    it('is exactly the capped ceiling, whatever the random source says', () => {
      expect([1, 2, 3, 4, 5, 9].map((attempt) => backoffDelayMs(attempt, options, () => 0))).toEqual([
        100, 200, 400, 800, 1_000, 1_000,
      ]);
    });
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => backoffDelayMs(0, { baseMs: 100, maxMs: 1_000, jitter: 'full' })).toThrow(RangeError);
    expect(() => backoffDelayMs(0, { baseMs: 100, maxMs: 1_000, jitter: 'equal' })).toThrow(RangeError);
  });
});
