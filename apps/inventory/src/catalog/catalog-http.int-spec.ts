import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startInventory, type InventoryUnderTest } from '../testing/inventory.under-test';
import { spawned, type SpawnedService } from '@shop/platform/testing';
import { repoRoot } from '@shop/testing';

// The public catalog routes end to end on one machine: the real gateway process
// (`node dist/apps/gateway/src/main.js`, configured like local mode) in front of
// the real inventory (in-process, fresh database). Admin routes with a token need
// the user service and are covered by apps/e2e/src/catalog.e2e-spec.ts.
const HTTP_PORT = 22121;
const ADMIN_PORT = 22122;
const base = `http://127.0.0.1:${HTTP_PORT}`;

function localEnv(app: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of ['services.env', `${app}.env`]) {
    for (const line of readFileSync(join(repoRoot(), 'deploy/local', file), 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match?.[1]) env[match[1]] = match[2] ?? '';
    }
  }
  return env;
}

interface Body {
  items: Array<{ sku: string }>;
  nextCursor: string;
  errors: Array<{ field: string }>;
  [field: string]: unknown;
}

const get = async (path: string) => {
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5_000) });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (await response.json()) as Body,
  };
};

describe('gateway /v1/products over the real inventory service', () => {
  let inventory: InventoryUnderTest;
  let gateway: SpawnedService;
  const tag = `HTTP${randomBytes(3).toString('hex')}`.toUpperCase();
  const ids: string[] = [];

  const startGateway = () =>
    spawned({
      app: 'gateway',
      env: {
        ...localEnv('gateway'),
        HTTP_PORT: String(HTTP_PORT),
        ADMIN_PORT: String(ADMIN_PORT),
        BIND_HOST: '127.0.0.1', // local mode binds every interface; a test only loopback
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
        INVENTORY_GRPC_URL: `127.0.0.1:22123`,
      },
    });

  beforeAll(async () => {
    inventory = await startInventory({ grpcPort: 22123, adminPort: 22124 });
    for (let i = 0; i < 3; i += 1) {
      const { product } = await inventory.client.createProduct({
        sku: `${tag}-${i}`,
        name: `Http item ${i}`,
        description: '',
        price: { amountMinor: 500 + i, currency: 'EUR' },
        active: i < 2,
      });
      ids.push(product?.productId as string);
    }
    // dist/ is shared: another suite's build (its globalSetup rewrites dist/) can remove
    // files under a starting process. An early exit is retried twice; a real crash still
    // fails, with the gateway's stderr.
    for (let attempt = 1; ; attempt += 1) {
      gateway = startGateway();
      try {
        await gateway.waitForReady();
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await inventory?.stop();
  });

  it('GET /v1/products/:id and /v1/products/by-sku/:sku without a token', async () => {
    const byId = await get(`/v1/products/${ids[0]}`);
    expect(byId).toMatchObject({
      status: 200,
      body: {
        productId: ids[0],
        sku: `${tag}-0`,
        price: { amountMinor: 500, currency: 'EUR' },
        active: true,
      },
    });
    const bySku = await get(`/v1/products/by-sku/${tag.toLowerCase()}-1`);
    expect(bySku).toMatchObject({ status: 200, body: { productId: ids[1] } });
  });

  it('GET /v1/products pages with the cursor and applies the query filters', async () => {
    const first = await get(`/v1/products?q=${tag}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => item.sku)).toEqual([`${tag}-0`, `${tag}-1`]);
    const second = await get(
      `/v1/products?q=${tag}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body).toMatchObject({ items: [{ sku: `${tag}-2` }], nextCursor: null });

    const inactive = await get(`/v1/products?q=${tag}&active=false`);
    expect(inactive.body.items.map((item) => item.sku)).toEqual([`${tag}-2`]);
    const priced = await get(`/v1/products?q=${tag}&minPrice=501&maxPrice=502`);
    expect(priced.body.items).toHaveLength(2);
  });

  it('404 problem for an unknown product; 400 with field errors for malformed input', async () => {
    const unknown = await get('/v1/products/00000000-0000-4000-8000-000000000000');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'INVENTORY.PRODUCT_NOT_FOUND' } });
    expect(unknown.type).toMatch(/^application\/problem\+json/);

    const malformed = await get('/v1/products/not-a-uuid');
    expect(malformed).toMatchObject({ status: 400, body: { errors: [{ field: 'productId' }] } });

    const query = await get('/v1/products?limit=0&active=maybe&minPrice=-1&unknown=1');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e) => e.field).sort()).toEqual(['(body)', 'active', 'limit', 'minPrice']);

    const range = await get('/v1/products?minPrice=10&maxPrice=5');
    expect(range).toMatchObject({ status: 400, body: { errors: [{ field: 'maxPrice' }] } });
  });

  it('admin routes need a token (401 + WWW-Authenticate) before anything reaches inventory', async () => {
    const response = await fetch(`${base}/v1/admin/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: `${tag}-X`, name: 'x', price: { amountMinor: 1, currency: 'EUR' } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const rows = await inventory.db.dataSource.query('SELECT 1 FROM products WHERE sku = $1', [`${tag}-X`]);
    expect(rows).toHaveLength(0);
  });
});
