import { distribution, percentile, relayLags, sagaStepDurations, type HistoryLine } from './stats.ts';

describe('percentiles and distributions', () => {
  it('uses the nearest rank: p99 of 100 values is the 99th, p50 of 4 the 2nd', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 50)).toBeNull();
  });

  it('summarises unsorted values', () => {
    expect(distribution([30, 10, 20])).toEqual({ count: 3, p50: 20, p95: 30, p99: 30, max: 30, mean: 20 });
    expect(distribution([])).toMatchObject({ count: 0, p50: null, mean: null });
  });
});

describe('the saga breakdown from saga_step_history', () => {
  const line = (orderId: string, id: number, step: string, event: string, at: number): HistoryLine => ({
    orderId,
    id,
    step,
    event,
    at,
  });

  it('times each step from STARTED to the line that ended it, and the whole saga', () => {
    const lines = [
      // Out of order on purpose: lines of equal time are ordered by id.
      line('a', 3, 'AUTHORIZE_PAYMENT', 'STARTED', 1_040),
      line('a', 1, 'RESERVE_STOCK', 'STARTED', 1_000),
      line('a', 2, 'RESERVE_STOCK', 'SUCCEEDED', 1_040),
      line('a', 4, 'AUTHORIZE_PAYMENT', 'SUCCEEDED', 1_100),
      line('a', 5, 'ORDER', 'CONFIRMED', 1_100),
      line('b', 6, 'RESERVE_STOCK', 'STARTED', 2_000),
      line('b', 7, 'RESERVE_STOCK', 'FAILED', 2_030),
      line('b', 8, 'ORDER', 'CANCELLED', 2_030),
      line('c', 9, 'RESERVE_STOCK', 'STARTED', 3_000), // still running: no step, no saga
    ];
    const durations = sagaStepDurations(lines);
    expect(durations.get('RESERVE_STOCK')).toEqual([40, 30]);
    expect(durations.get('AUTHORIZE_PAYMENT')).toEqual([60]);
    expect(durations.get('saga')).toEqual([100, 30]);
  });

  it('counts a retried step from its first start', () => {
    const durations = sagaStepDurations([
      line('a', 1, 'CAPTURE_PAYMENT', 'STARTED', 0),
      line('a', 2, 'CAPTURE_PAYMENT', 'RETRIED', 500),
      line('a', 3, 'CAPTURE_PAYMENT', 'SUCCEEDED', 900),
    ]);
    expect(durations.get('CAPTURE_PAYMENT')).toEqual([900]);
  });
});

describe('the relay lag join', () => {
  it('pairs consumed events with their outbox rows and ignores the rest', () => {
    const lags = relayLags(
      [
        { eventId: 'e1', source: 'order', type: 'inventory.reserve-stock', createdAt: 1_000 },
        { eventId: 'e2', source: 'inventory', type: 'inventory.stock-reserved', createdAt: 2_000 },
      ],
      [
        { eventId: 'e1', consumer: 'inventory', receivedAt: 1_012 },
        { eventId: 'e2', consumer: 'order', receivedAt: 2_030 },
        { eventId: 'e3', consumer: 'order', receivedAt: 9_999 },
      ],
    );
    expect(lags).toEqual([
      { source: 'order', consumer: 'inventory', type: 'inventory.reserve-stock', lagMs: 12 },
      { source: 'inventory', consumer: 'order', type: 'inventory.stock-reserved', lagMs: 30 },
    ]);
  });
});
