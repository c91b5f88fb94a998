import type { Vu } from '../../src/lib/vu.ts';
import { pick } from './pick.ts';
import type { Customer, ShopData } from './seed.ts';

/** Access tokens live 15 minutes (ACCESS_TOKEN_TTL_SECONDS): renew well before. */
const TOKEN_MAX_AGE_MS = 10 * 60_000;

interface LoginJson {
  accessToken?: string;
  refreshToken?: string;
  user?: { email?: string };
}

async function logIn(vu: Vu<ShopData>, customer: Customer): Promise<boolean> {
  const res = await vu.request({
    method: 'POST',
    path: '/v1/auth/login',
    route: '/v1/auth/login',
    json: { email: customer.email, password: customer.password },
    expectedStatuses: [200],
  });
  const body = res.json<LoginJson>();
  const ok = vu.check(res, {
    'login: 200 with tokens for that user, not cacheable': (r) =>
      r.status === 200 &&
      typeof body?.accessToken === 'string' &&
      typeof body.refreshToken === 'string' &&
      body.user?.email === customer.email &&
      r.headers['cache-control'] === 'no-store',
  });
  if (ok && body?.accessToken) {
    customer.accessToken = body.accessToken;
    customer.tokenObtainedAt = Date.now();
  }
  return ok;
}

/** One login per iteration (the password hash makes it the most CPU-expensive request). */
export async function login(vu: Vu<ShopData>): Promise<void> {
  await logIn(vu, pick(vu.data.customers));
}

/** The customer's bearer header, logging in again when the token is close to expiry. */
export async function authHeader(vu: Vu<ShopData>, customer: Customer): Promise<Record<string, string>> {
  if (Date.now() - customer.tokenObtainedAt > TOKEN_MAX_AGE_MS) await logIn(vu, customer);
  return { authorization: `Bearer ${customer.accessToken}` };
}
