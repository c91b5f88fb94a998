import { parseDuration } from './duration.ts';
import { arrivalOffsets, rateAt, scheduleDurationMs, type RampingArrivalRate } from './executors.ts';

const common = { exec: 'run', preAllocatedVUs: 10 };

describe('durations', () => {
  it('reads k6 durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(() => parseDuration('30')).toThrow(/invalid duration/);
    expect(() => parseDuration('1x')).toThrow(/invalid duration/);
  });
});

describe('constant-arrival-rate', () => {
  it('starts `rate` iterations per timeUnit, evenly spaced from 0', () => {
    const offsets = [
      ...arrivalOffsets({ ...common, executor: 'constant-arrival-rate', rate: 10, duration: '2s' }),
    ];
    expect(offsets).toHaveLength(20);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(100);
    expect(offsets.at(-1)).toBeCloseTo(1_900);
  });

  it('keeps fractional per-second rates exact with a longer timeUnit', () => {
    const offsets = [
      ...arrivalOffsets({
        ...common,
        executor: 'constant-arrival-rate',
        rate: 5,
        timeUnit: '10s',
        duration: '20s',
      }),
    ];
    expect(offsets).toHaveLength(10); // 0.5 per second for 20 s
    expect(offsets[1]).toBeCloseTo(2_000);
  });

  it('schedules nothing at rate 0', () => {
    expect([
      ...arrivalOffsets({ ...common, executor: 'constant-arrival-rate', rate: 0, duration: '5s' }),
    ]).toEqual([]);
  });
});

describe('ramping-arrival-rate', () => {
  const ramp: RampingArrivalRate = {
    ...common,
    executor: 'ramping-arrival-rate',
    startRate: 0,
    stages: [
      { target: 10, duration: '10s' }, // 0 -> 10/s: 50 iterations (the area under the ramp)
      { target: 10, duration: '5s' }, // 10/s: 50
      { target: 0, duration: '10s' }, // 10 -> 0/s: 50
    ],
  };

  it('starts as many iterations as the area under the rate curve', () => {
    expect([...arrivalOffsets(ramp)]).toHaveLength(150);
    expect(scheduleDurationMs(ramp)).toBe(25_000);
  });

  it('follows the ramp: starts get closer while the rate rises, then steady, then sparser', () => {
    const offsets = [...arrivalOffsets(ramp)];
    const gaps = offsets.slice(1).map((t, i) => t - (offsets[i] as number));
    expect(offsets[0]).toBe(0);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(gaps[5]).toBeGreaterThan(gaps[40] as number); // rising rate: shrinking gaps
    expect(gaps[60]).toBeCloseTo(100, 0); // the 10/s plateau
    expect(gaps[140]).toBeGreaterThan(gaps[110] as number); // falling rate: growing gaps
    // In the first stage the rate grows by slope = (10/s) / 10 s = 1e-6 iterations/ms^2, so
    // iteration k starts at sqrt(2k / slope): the 8th at 4 s, the 50th at 10 s.
    expect(offsets[8]).toBeCloseTo(4_000);
    expect(offsets[50]).toBeCloseTo(10_000);
  });

  it('sleeps through a stage at rate 0 and resumes after it', () => {
    const offsets = [
      ...arrivalOffsets({
        ...common,
        executor: 'ramping-arrival-rate',
        startRate: 0,
        stages: [
          { target: 0, duration: '3s' },
          { target: 0, duration: '0s' },
          { target: 2, duration: '0s' },
          { target: 2, duration: '2s' },
        ],
      }),
    ];
    expect(offsets).toEqual([3_000, 3_500, 4_000, 4_500]);
  });

  it('reports the rate it asks for at any time', () => {
    expect(rateAt(ramp, 0)).toBe(0);
    expect(rateAt(ramp, 5_000)).toBeCloseTo(5);
    expect(rateAt(ramp, 12_000)).toBe(10);
    expect(rateAt(ramp, 20_000)).toBeCloseTo(5);
    expect(rateAt(ramp, 30_000)).toBe(0);
  });
});
