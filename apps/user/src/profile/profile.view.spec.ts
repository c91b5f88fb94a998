import { isProfileView } from './profile.view';

// TTL jitter is CacheAside's: libs/platform/src/cache/cache-aside.spec.ts.
describe('profile cache entries (P13)', () => {
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
