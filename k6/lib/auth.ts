import { check } from 'k6';
import { jsonOf, send } from './http.ts';
import { pick } from './random.ts';
import type { Customer, ShopData } from './seed.ts';

/** Access tokens live 15 minutes (ACCESS_TOKEN_TTL_SECONDS): renew well before. */
const TOKEN_MAX_AGE_MS = 10 * 60_000;

interface LoginJson {
  accessToken?: string;
  refreshToken?: string;
  user?: { email?: string };
}

/** Tokens renewed, by e-mail: per VU in k6 (each VU runs the script anew), shared in the runner; a cache either way. */
const renewed = new Map<string, { accessToken: string; obtainedAt: number }>();

async function logIn(customer: Customer): Promise<boolean> {
  const res = await send({
    method: 'POST',
    path: '/v1/auth/login',
    route: '/v1/auth/login',
    json: { email: customer.email, password: customer.password },
    expected: [200],
  });
  const body = jsonOf<LoginJson>(res);
  const ok = check(res, {
    'login: 200 with tokens for that user, not cacheable': (r) =>
      r.status === 200 &&
      typeof body?.accessToken === 'string' &&
      typeof body.refreshToken === 'string' &&
      body.user?.email === customer.email &&
      r.headers['Cache-Control'] === 'no-store',
  });
  if (ok && body?.accessToken)
    renewed.set(customer.email, { accessToken: body.accessToken, obtainedAt: Date.now() });
  return ok;
}

/** One login per iteration (the password hash makes it the most CPU-expensive request). */
export async function login(data: ShopData): Promise<void> {
  await logIn(pick(data.customers));
}

/** The customer's bearer header, logging in again when the token is close to expiry. */
export async function authHeader(customer: Customer): Promise<Record<string, string>> {
  const known = renewed.get(customer.email) ?? {
    accessToken: customer.accessToken,
    obtainedAt: customer.tokenObtainedAt,
  };
  if (Date.now() - known.obtainedAt > TOKEN_MAX_AGE_MS) await logIn(customer);
  return { authorization: `Bearer ${renewed.get(customer.email)?.accessToken ?? known.accessToken}` };
}
