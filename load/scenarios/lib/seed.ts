import type { HttpResponse } from '../../src/lib/http.ts';
import type { Vu } from '../../src/lib/vu.ts';
import type { ScenarioConfig } from '../../src/lib/executors.ts';
import { envNumber, envString } from './env.ts';
import { plannedOrders } from './mix.ts';

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
  /** Shared by every iteration that acts as this customer; renewed by login(). */
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

const fail = (what: string, res: HttpResponse): never => {
  throw new Error(
    `setup: ${what} answered ${res.status}${res.error ? ` (${res.error})` : ''}: ${res.body.slice(0, 300)}`,
  );
};

export async function login(vu: Vu<unknown>, email: string, password: string): Promise<string> {
  const res = await vu.request({
    method: 'POST',
    path: '/v1/auth/login',
    route: '/v1/auth/login',
    json: { email, password },
    expectedStatuses: [200],
  });
  const token = res.json<{ accessToken?: string }>()?.accessToken;
  return token ?? fail(`login of ${email}`, res);
}

async function ensureProduct(
  vu: Vu<unknown>,
  admin: string,
  index: number,
  stock: number,
): Promise<SeededProduct> {
  const sku = `LOAD-P${String(index).padStart(3, '0')}`;
  const auth = { authorization: `Bearer ${admin}` };
  let res = await vu.request({
    method: 'GET',
    path: `/v1/products/by-sku/${sku}`,
    route: '/v1/products/by-sku/:sku',
  });
  if (res.status === 404) {
    res = await vu.request({
      method: 'POST',
      path: '/v1/admin/products',
      route: '/v1/admin/products',
      headers: auth,
      json: {
        sku,
        name: `Load test product ${index}`,
        description: 'Created by the load scenarios (load/scenarios/lib/seed.ts).',
        price: { amountMinor: 1_000 + index * 10, currency: 'EUR' },
      },
    });
    if (res.status === 409)
      res = await vu.request({
        method: 'GET',
        path: `/v1/products/by-sku/${sku}`,
        route: '/v1/products/by-sku/:sku',
      });
  }
  const productId = res.json<{ productId?: string }>()?.productId;
  if (res.status >= 300 || !productId) return fail(`product ${sku}`, res);
  const stocked = await vu.request({
    method: 'PUT',
    path: `/v1/admin/products/${productId}/stock`,
    route: '/v1/admin/products/:productId/stock',
    headers: auth,
    json: { quantity: stock },
  });
  if (stocked.status !== 200) fail(`stock of ${sku}`, stocked);
  return { productId, sku };
}

async function ensureCustomer(vu: Vu<unknown>, index: number): Promise<Customer> {
  const email = `load-customer-${index}@load.shop.local`;
  const res = await vu.request({
    method: 'POST',
    path: '/v1/users',
    route: '/v1/users',
    json: { email, password: CUSTOMER_PASSWORD, name: `Load Customer ${index}` },
  });
  if (res.status !== 201 && res.status !== 409) fail(`registering ${email}`, res);
  return {
    email,
    password: CUSTOMER_PASSWORD,
    accessToken: await login(vu, email, CUSTOMER_PASSWORD),
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

export async function seedShop(vu: Vu<unknown>, plan: SeedPlan): Promise<ShopData> {
  const productCount = plan.products ?? envNumber('LOAD_PRODUCTS', 20);
  const customerCount = plan.customers ?? envNumber('LOAD_CUSTOMERS', 20);
  // Worst case every order takes its maximum from one product, plus room for retries and
  // reservations of the previous run still held (RESERVATION_TTL_SECONDS).
  const stock = Math.ceil((plan.expectedOrders * MAX_UNITS_PER_ORDER) / productCount) * 2 + 100;
  const admin = await login(vu, ADMIN_EMAIL, ADMIN_PASSWORD);
  const products = await forEach(productCount, 5, (i) => ensureProduct(vu, admin, i, stock));
  const customers = await forEach(customerCount, 2, (i) => ensureCustomer(vu, i));
  process.stdout.write(
    `[setup] ${products.length} products with ${stock} units each, ${customers.length} customers logged in\n`,
  );
  return { products, customers };
}

/** A scenario's setup(): seeds stock for the orders its schedule will offer. */
export const setupFor =
  (scenarios: Record<string, ScenarioConfig>, plan: Omit<SeedPlan, 'expectedOrders'> = {}) =>
  (vu: Vu<unknown>): Promise<ShopData> =>
    seedShop(vu, { ...plan, expectedOrders: plannedOrders(scenarios) });
