import { setTimeout } from 'k6/timers';
import { envNumber, envString } from './env.ts';
import { jsonOf, send as sendOnce, type ShopRequest, type ShopResponse } from './http.ts';

// setup(): what a run needs, made through the public and admin APIs like any client would, and
// re-runnable: fixed SKUs and e-mails, so a second run finds them (by-sku 200, register 409)
// instead of piling up new rows; stock is SET (PUT) to what this run will consume.

export interface SeededProduct {
  productId: string;
  sku: string;
}

export interface Customer {
  email: string;
  password: string;
  /** The token setup() obtained; each VU renews its own (auth.ts). */
  accessToken: string;
  tokenObtainedAt: number;
}

export interface ShopData {
  products: SeededProduct[];
  customers: Customer[];
}

export interface SeedPlan {
  /** Orders the run will place at most (sizes the stock). */
  expectedOrders: number;
  products?: number;
  customers?: number;
}

// LOCAL DEMO DEFAULTS (README): the admin that `make up` seeds, and the load customers' password.
const ADMIN_EMAIL = envString('ADMIN_EMAIL', 'admin@shop.local');
const ADMIN_PASSWORD = envString('ADMIN_PASSWORD', 'admin-password-1');
const CUSTOMER_PASSWORD = envString('LOAD_CUSTOMER_PASSWORD', 'load-password-1');
/** Order lines per order (1-2) times quantity (1-2): at most 4 units, 2.25 on average. */
export const MAX_UNITS_PER_ORDER = 4;

// setup() is a client that must get its work done. A 429 is the system's rate limits answering
// (in the kind overlay, 20 logins per minute per IP: the run before this one may have used them
// up), so setup waits as long as Retry-After says and asks again, for up to
// SETUP_RATE_LIMIT_WAIT_SECONDS in all, instead of failing the run.
const RATE_LIMIT_WAIT_SECONDS = envNumber('SETUP_RATE_LIMIT_WAIT_SECONDS', 120);
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function send(request: ShopRequest): Promise<ShopResponse> {
  let waited = 0;
  for (;;) {
    const res = await sendOnce(request);
    const retryAfter = Math.max(1, Number(res.headers['Retry-After']) || 1);
    if (res.status !== 429 || waited + retryAfter > RATE_LIMIT_WAIT_SECONDS) return res;
    await pause(retryAfter * 1000);
    waited += retryAfter;
  }
}

const fail = (what: string, res: ShopResponse): never => {
  throw new Error(
    `setup: ${what} answered ${res.status}${res.error ? ` (${res.error})` : ''}: ${String(res.body).slice(0, 300)}`,
  );
};

export async function login(email: string, password: string): Promise<string> {
  const res = await send({
    method: 'POST',
    path: '/v1/auth/login',
    route: '/v1/auth/login',
    json: { email, password },
    expected: [200],
  });
  return jsonOf<{ accessToken?: string }>(res)?.accessToken ?? fail(`login of ${email}`, res);
}

const bySku = (sku: string) =>
  send({
    method: 'GET',
    path: `/v1/products/by-sku/${sku}`,
    route: '/v1/products/by-sku/:sku',
    expected: [200, 404],
  });

async function ensureProduct(admin: string, index: number, stock: number): Promise<SeededProduct> {
  const sku = `LOAD-P${String(index).padStart(3, '0')}`;
  const auth = { authorization: `Bearer ${admin}` };
  let res = await bySku(sku);
  if (res.status === 404) {
    res = await send({
      method: 'POST',
      path: '/v1/admin/products',
      route: '/v1/admin/products',
      headers: auth,
      json: {
        sku,
        name: `Load test product ${index}`,
        description: 'Created by the load scenarios (k6/lib/seed.ts).',
        price: { amountMinor: 1_000 + index * 10, currency: 'EUR' },
      },
    });
    if (res.status === 409) res = await bySku(sku); // another run created it meanwhile
  }
  const productId = jsonOf<{ productId?: string }>(res)?.productId;
  if (res.status >= 300 || !productId) return fail(`product ${sku}`, res);
  const stocked = await send({
    method: 'PUT',
    path: `/v1/admin/products/${productId}/stock`,
    route: '/v1/admin/products/:productId/stock',
    headers: auth,
    json: { quantity: stock },
  });
  if (stocked.status !== 200) fail(`stock of ${sku}`, stocked);
  return { productId, sku };
}

async function ensureCustomer(index: number): Promise<Customer> {
  const email = `load-customer-${index}@load.shop.local`;
  const res = await send({
    method: 'POST',
    path: '/v1/users',
    route: '/v1/users',
    json: { email, password: CUSTOMER_PASSWORD, name: `Load Customer ${index}` },
    expected: [201, 409],
  });
  if (res.status !== 201 && res.status !== 409) fail(`registering ${email}`, res);
  return {
    email,
    password: CUSTOMER_PASSWORD,
    accessToken: await login(email, CUSTOMER_PASSWORD),
    tokenObtainedAt: Date.now(),
  };
}

/** Runs `task` for 1..count with at most `parallel` at once. */
async function forEach<T>(
  count: number,
  parallel: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = 1; start <= count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start + 1) }, (_, i) => task(start + i));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

export async function seedShop(plan: SeedPlan): Promise<ShopData> {
  const productCount = plan.products ?? envNumber('LOAD_PRODUCTS', 20);
  const customerCount = plan.customers ?? envNumber('LOAD_CUSTOMERS', 20);
  // Worst case every order takes its maximum from one product, plus room for retries and
  // reservations of the previous run still held (RESERVATION_TTL_SECONDS).
  const stock = Math.ceil((plan.expectedOrders * MAX_UNITS_PER_ORDER) / productCount) * 2 + 100;
  const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  const products = await forEach(productCount, 5, (i) => ensureProduct(admin, i, stock));
  const customers = await forEach(customerCount, 2, (i) => ensureCustomer(i));
  return { products, customers };
}
