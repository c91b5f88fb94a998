import { Knobs, knobsUpdateSchema, type KnobValues } from './knobs';
import { mulberry32 } from './prng';

const defaults: KnobValues = {
  latencyMs: 0,
  failureRate: 0,
  declineRate: 0,
  timeoutRate: 0,
  hangMs: 30_000,
  seed: null,
  failNext: 0,
  timeoutNext: 0,
};

describe('simulator knobs', () => {
  it('the PRNG is reproducible per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1_000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(draws[0]);
  });

  it('a seeded rate gives the same faults on every run, near the configured share', () => {
    const run = () => {
      const knobs = new Knobs(defaults);
      knobs.update({ seed: 7, failureRate: 0.3 });
      return Array.from({ length: 2_000 }, () => knobs.drawFailure());
    };
    const first = run();
    expect(run()).toEqual(first);
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it('rates 0 and 1 are never and always', () => {
    const knobs = new Knobs(defaults);
    expect(Array.from({ length: 100 }, () => knobs.drawDecline()).some(Boolean)).toBe(false);
    knobs.update({ declineRate: 1 });
    expect(Array.from({ length: 100 }, () => knobs.drawDecline()).every(Boolean)).toBe(true);
  });

  it('failNext and timeoutNext count down, then the rates apply again', () => {
    const knobs = new Knobs(defaults);
    knobs.update({ failNext: 2, timeoutNext: 1 });
    expect([knobs.drawFailure(), knobs.drawFailure(), knobs.drawFailure()]).toEqual([true, true, false]);
    expect([knobs.drawTimeout(), knobs.drawTimeout()]).toEqual([true, false]);
    expect(knobs.values).toMatchObject({ failNext: 0, timeoutNext: 0 });
  });

  it('updates are partial and reset restores the start-up defaults', () => {
    const knobs = new Knobs({ ...defaults, latencyMs: 5 });
    expect(knobs.update({ failureRate: 0.5 })).toMatchObject({ latencyMs: 5, failureRate: 0.5 });
    expect(knobs.reset()).toMatchObject({ latencyMs: 5, failureRate: 0 });
  });

  it('the update schema refuses unknown knobs and out-of-range values', () => {
    expect(knobsUpdateSchema.safeParse({ failureRate: 2 }).success).toBe(false);
    expect(knobsUpdateSchema.safeParse({ latency: 5 }).success).toBe(false);
    expect(knobsUpdateSchema.safeParse({ seed: null, latencyMs: 10 }).success).toBe(true);
  });
});
