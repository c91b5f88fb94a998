import {
  computeOutgoingDeadline,
  DEADLINE_SAFETY_MARGIN_MS,
  normalizeDeadline,
  remainingMs,
} from './deadline';
import { currentDeadline, runWithDeadline } from './deadline-context';

const now = 1_700_000_000_000;

describe('computeOutgoingDeadline (P02, P03, P04)', () => {
  it('uses the default budget when there is no incoming deadline', () => {
    expect(computeOutgoingDeadline(now, 2_000)).toBe(now + 2_000);
    expect(computeOutgoingDeadline(now, 2_000, Number.POSITIVE_INFINITY)).toBe(now + 2_000);
  });

  it('never exceeds the incoming deadline minus the safety margin (P04)', () => {
    expect(computeOutgoingDeadline(now, 2_000, now + 500)).toBe(now + 500 - DEADLINE_SAFETY_MARGIN_MS);
  });

  it('keeps the default budget when the caller allows more', () => {
    expect(computeOutgoingDeadline(now, 2_000, now + 30_000)).toBe(now + 2_000);
  });

  it('yields no budget once the incoming deadline is (almost) over', () => {
    expect(computeOutgoingDeadline(now, 2_000, now + 20) - now).toBeLessThanOrEqual(0);
    expect(computeOutgoingDeadline(now, 2_000, now - 1) - now).toBeLessThan(0);
  });

  it('honours a custom safety margin', () => {
    expect(computeOutgoingDeadline(now, 2_000, now + 1_000, 200)).toBe(now + 800);
  });
});

describe('normalizeDeadline / remainingMs', () => {
  it('accepts what grpc-js reports', () => {
    expect(normalizeDeadline(new Date(now))).toBe(now);
    expect(normalizeDeadline(now)).toBe(now);
    expect(normalizeDeadline(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(normalizeDeadline(undefined)).toBeUndefined();
    expect(remainingMs(now + 250, now)).toBe(250);
  });
});

describe('deadline context (P03: the budget follows the request through async work)', () => {
  it('exposes the deadline across awaits and only inside the run', async () => {
    expect(currentDeadline()).toBeUndefined();
    await runWithDeadline(now + 1_000, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(currentDeadline()).toBe(now + 1_000);
    });
    expect(currentDeadline()).toBeUndefined();
  });

  it('lets a nested budget shrink the outer one but never extend it (P04)', () => {
    runWithDeadline(now + 1_000, () => {
      runWithDeadline(now + 5_000, () => expect(currentDeadline()).toBe(now + 1_000));
      runWithDeadline(now + 300, () => expect(currentDeadline()).toBe(now + 300));
    });
  });

  it('runs without a context when no deadline is given', () => {
    expect(runWithDeadline(undefined, () => currentDeadline())).toBeUndefined();
  });
});
