import { queryService, waitUntil } from '@shop/testing';
import { newSession } from './support/auth';
import { gateway, newCustomer } from './support/gateway';

// Rate limiting through the running system: gateway (token buckets in Redis) ->
// user service. Only the login-account bucket of this test's own account is
// exhausted: the shared per-IP buckets of 127.0.0.1, which every e2e file uses,
// lose a few tokens only (local limits: deploy/local/gateway.env).
describe('rate limiting: failed logins per account (credential stuffing, P26)', () => {
  const sessionsOf = async (userId: string) =>
    (await queryService('user', 'SELECT 1 FROM refresh_token_families WHERE user_id = $1', [userId])).length;
  const login = (email: string, password: string) =>
    gateway().post('/v1/auth/login').send({ email, password });

  it('wrong passwords exhaust the account: 429 with Retry-After, and the login works again after it', async () => {
    const customer = newCustomer();
    const userId = (await gateway().post('/v1/users').send(customer).expect(201)).body.userId as string;

    const first = await login(customer.email, 'wrong password').expect(401);
    const policy = /"login-account";q=(\d+);w=\d+/.exec(String(first.headers['ratelimit-policy']));
    const burst = Number(policy?.[1]);
    expect(burst).toBeGreaterThanOrEqual(1);
    expect(burst).toBeLessThanOrEqual(20); // a local value this test can exhaust quickly
    for (let attempt = 2; attempt <= burst; attempt += 1) {
      await login(customer.email, 'wrong password').expect(401);
    }

    // Now even the right password is turned away, before the user service hashes anything.
    const limited = await login(customer.email, customer.password);
    const limitedAt = Date.now();
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({
      status: 429,
      code: 'REQUEST.RATE_LIMITED',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 90).toBe(true);
    expect(limited.headers['ratelimit']).toContain(`"login-account";r=0;t=${retryAfter}`);
    expect(await sessionsOf(userId)).toBe(0);

    // Retry-After is honest: the first success comes after it, and not much later.
    await waitUntil(async () => (await login(customer.email, customer.password)).status === 200, {
      timeoutMs: (retryAfter + 10) * 1_000,
      intervalMs: 500,
      description: 'the account to accept a login again',
    });
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual((retryAfter - 1) * 1_000 - 500); // rounded up
    expect(await sessionsOf(userId)).toBe(1);
  }, 120_000);

  it('other accounts from the same address are not affected', async () => {
    const other = await newSession();
    expect(other.accessToken).toEqual(expect.any(String));
  });
});
