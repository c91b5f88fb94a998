import { jitteredTtlMs } from './cache-aside';

describe('TTL jitter (P13: entries filled together expire apart)', () => {
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it('adds 0-10 % to the TTL', () => {
    expect(seconds(jitteredTtlMs(300_000, 0.1, () => 0))).toBe(300);
    expect(seconds(jitteredTtlMs(300_000, 0.1, () => 0.5))).toBe(315);
    expect(seconds(jitteredTtlMs(300_000, 0.1, () => 0.9999))).toBe(329);
    const spread = new Set(Array.from({ length: 200 }, () => seconds(jitteredTtlMs(300_000, 0.1))));
    expect(spread.size).toBeGreaterThan(5);
    expect([...spread].every((ttl) => ttl >= 300 && ttl < 330)).toBe(true);
  });
});
