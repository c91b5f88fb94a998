import {
  addRateLimitHeaders,
  appendItem,
  limitItem,
  policyItem,
  type RateLimitDecision,
} from './rate-limit-response';
import type { RateLimitPolicy } from './rate-limit-policies';

const ip: RateLimitPolicy = { name: 'ip', burst: 200, refillPerSecond: 50 };
const account: RateLimitPolicy = { name: 'login-account', burst: 5, refillPerSecond: 2 / 60 };

describe('RateLimit headers (draft-ietf-httpapi-ratelimit-headers-11)', () => {
  it('RateLimit-Policy: q = burst, w = seconds to refill it (at least 1)', () => {
    expect(policyItem(ip)).toBe('"ip";q=200;w=4');
    expect(policyItem(account)).toBe('"login-account";q=5;w=150');
    expect(policyItem({ name: 'user', burst: 10, refillPerSecond: 1000 })).toBe('"user";q=10;w=1');
  });

  it('RateLimit: r = whole tokens left, t = seconds until the next one (rounded up)', () => {
    expect(limitItem({ policy: 'ip', allowed: true, remaining: 199, waitMs: 20 })).toBe('"ip";r=199;t=1');
    expect(limitItem({ policy: 'ip', allowed: true, remaining: 200, waitMs: 0 })).toBe('"ip";r=200;t=0');
    expect(limitItem({ policy: 'login-account', allowed: false, remaining: 0, waitMs: 29_001 })).toBe(
      '"login-account";r=0;t=30',
    );
  });

  it('lists several policies in one field', () => {
    expect(appendItem(undefined, '"ip";r=1;t=1')).toBe('"ip";r=1;t=1');
    expect(appendItem('"ip";r=1;t=1', '"user";r=2;t=1')).toBe('"ip";r=1;t=1, "user";r=2;t=1');
    expect(appendItem(['"a";r=1', '"b";r=2'], '"c";r=3')).toBe('"a";r=1, "b";r=2, "c";r=3');
  });

  it('sets both fields, and Retry-After equal to t when denied', () => {
    const headers = new Map<string, string>();
    const reply = {
      getHeader: (name: string) => headers.get(name),
      header: (name: string, value: string) => headers.set(name, value),
    };
    addRateLimitHeaders(reply, ip, { policy: 'ip', allowed: true, remaining: 150, waitMs: 10 });
    const denied: RateLimitDecision = {
      policy: 'login-account',
      allowed: false,
      remaining: 0,
      waitMs: 12_345,
    };
    addRateLimitHeaders(reply, account, denied);
    expect(Object.fromEntries(headers)).toEqual({
      'ratelimit-policy': '"ip";q=200;w=4, "login-account";q=5;w=150',
      ratelimit: '"ip";r=150;t=1, "login-account";r=0;t=13',
      'retry-after': '13',
    });
  });
});
