import { isProfileView } from './profile-view';
import { jitteredTtlSeconds } from './profile-cache';

describe('profile cache pure parts (P13)', () => {
  it('adds 0-10 % jitter to the TTL so entries filled together expire apart', () => {
    expect(jitteredTtlSeconds(300, () => 0)).toBe(300);
    expect(jitteredTtlSeconds(300, () => 0.5)).toBe(315);
    expect(jitteredTtlSeconds(300, () => 0.9999)).toBe(329);
    const spread = new Set(Array.from({ length: 200 }, () => jitteredTtlSeconds(300)));
    expect(spread.size).toBeGreaterThan(5);
    expect([...spread].every((ttl) => ttl >= 300 && ttl < 330)).toBe(true);
  });

  it('trusts only values with the shape this version writes', () => {
    const view = {
      user: { id: 'u', email: 'e', name: 'n', role: 'customer', createdAt: 'c' },
      addresses: [],
    };
    expect(isProfileView(view)).toBe(true);
    expect(isProfileView({ user: { id: 'u' } })).toBe(false);
    expect(isProfileView(null)).toBe(false);
    expect(isProfileView('x')).toBe(false);
  });
});
