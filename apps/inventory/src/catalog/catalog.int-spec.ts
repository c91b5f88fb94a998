import { inventoryV1 } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ProductRepository } from '../persistence/product.repository';
import { uniqueSku } from '../testing/catalog-fixtures';
import { REDIS_URL, startInventory, type InventoryUnderTest } from '../testing/inventory.under-test';

// The catalog through the real service: gRPC in, Postgres and Redis behind it.
// The cache proofs count database reads with a spy on the repository the cache loads from.
describe('catalog over gRPC, with the product cache (real Postgres + Redis)', () => {
  let inventory: InventoryUnderTest;
  let redis: Redis;
  let findById: jest.SpyInstance;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    inventory = await startInventory({ grpcPort: 22101, adminPort: 22102 });
    findById = jest.spyOn(inventory.handle.app.get(ProductRepository), 'findById');
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  }, 120_000);

  afterAll(async () => {
    await redis?.quit();
    await inventory?.stop();
  });

  beforeEach(() => findById.mockClear());

  const create = (overrides: Partial<inventoryV1.CreateProductRequest> = {}) =>
    inventory.client
      .createProduct({
        sku: uniqueSku('CAT'),
        name: `Catalog test ${run}`,
        description: 'made by catalog.int-spec',
        price: { amountMinor: 1500, currency: 'EUR' },
        ...overrides,
      })
      .then((response) => response.product as inventoryV1.Product);

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as AppError,
    );

  describe('products', () => {
    it('creates a product (active by default, stock 0) and finds it by id and by sku in any case', async () => {
      const product = await create({ description: '  trimmed  ' });
      expect(product).toEqual({
        productId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sku: expect.stringMatching(/^CAT-/),
        name: `Catalog test ${run}`,
        description: 'trimmed',
        price: { amountMinor: 1500, currency: 'EUR' },
        active: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await inventory.client.getProduct({ productId: product.productId })).product).toEqual(product);
      const bySku = await inventory.client.getProductBySku({ sku: product.sku.toLowerCase() });
      expect(bySku.product).toEqual(product);
      expect((await inventory.client.getStock({ productId: product.productId })).stock).toEqual({
        productId: product.productId,
        available: 0,
        reserved: 0,
      });
    });

    it('refuses a taken sku (ALREADY_EXISTS) and invalid input (INVALID_ARGUMENT, every field named)', async () => {
      const product = await create();
      const taken = await failure(create({ sku: product.sku }));
      expect(taken).toMatchObject({ code: 'INVENTORY.SKU_TAKEN', httpStatus: 409 });

      const invalid = await failure(
        create({ sku: 'has spaces', name: '', price: { amountMinor: -1, currency: 'euro' } }),
      );
      expect(invalid).toMatchObject({ code: 'INVENTORY.INVALID_INPUT', httpStatus: 400 });
      expect(invalid.fieldErrors.map((f) => f.field).sort()).toEqual([
        'currency',
        'name',
        'priceMinor',
        'sku',
      ]);
    });

    it('answers NOT_FOUND for unknown and malformed ids and skus', async () => {
      for (const call of [
        () => inventory.client.getProduct({ productId: randomUUID() }),
        () => inventory.client.getProduct({ productId: 'not-a-uuid' }),
        () => inventory.client.getProductBySku({ sku: `NOPE-${run}` }),
        () => inventory.client.getStock({ productId: randomUUID() }),
      ]) {
        expect(await failure(call())).toMatchObject({ code: 'INVENTORY.PRODUCT_NOT_FOUND', httpStatus: 404 });
      }
    });

    it('updates only the fields sent; the version moves; unset fields keep their values', async () => {
      const product = await create();
      const { product: renamed } = await inventory.client.updateProduct({
        productId: product.productId,
        name: 'Renamed',
        price: undefined,
      });
      expect(renamed).toMatchObject({ name: 'Renamed', price: product.price, active: true, version: 2 });
      const { product: deactivated } = await inventory.client.updateProduct({
        productId: product.productId,
        active: false,
        price: undefined,
      });
      expect(deactivated).toMatchObject({ name: 'Renamed', active: false, version: 3 });
    });

    it('sets stock absolutely (idempotent)', async () => {
      const product = await create();
      for (let i = 0; i < 2; i += 1) {
        const { stock } = await inventory.client.setStock({ productId: product.productId, quantity: 7 });
        expect(stock).toEqual({ productId: product.productId, available: 7, reserved: 0 });
      }
      const negative = await failure(
        inventory.client.setStock({ productId: product.productId, quantity: -1 }),
      );
      expect(negative).toMatchObject({ code: 'INVENTORY.INVALID_INPUT', httpStatus: 400 });
    });
  });

  describe('ListProducts: filters and opaque cursor pages', () => {
    const tag = `LIST${run}`.toUpperCase();
    let created: inventoryV1.Product[];

    beforeAll(async () => {
      created = [];
      for (let i = 0; i < 5; i += 1) {
        created.push(
          await create({
            sku: `${tag}-${i}`,
            name: `List item ${i}`,
            price: { amountMinor: 1000 + i * 100, currency: 'EUR' },
            active: i !== 4,
          }),
        );
      }
    });

    const page = (request: Partial<inventoryV1.ListProductsRequest>) =>
      inventory.client.listProducts({ query: tag, currency: '', cursor: '', pageSize: 0, ...request });

    it('walks all pages in sku order with the cursor; the last page has no cursor', async () => {
      const skus: string[] = [];
      let cursor = '';
      let pages = 0;
      do {
        const response = await page({ pageSize: 2, cursor });
        skus.push(...response.products.map((p) => p.sku));
        cursor = response.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(skus).toEqual(created.map((p) => p.sku));
    });

    it('filters by active flag, price range (inclusive) and currency; unset filters mean any', async () => {
      expect((await page({ active: false })).products.map((p) => p.sku)).toEqual([`${tag}-4`]);
      expect((await page({ active: true })).products).toHaveLength(4);
      expect((await page({})).products).toHaveLength(5);
      const ranged = await page({ minPriceMinor: 1100, maxPriceMinor: 1300 });
      expect(ranged.products.map((p) => p.sku)).toEqual([`${tag}-1`, `${tag}-2`, `${tag}-3`]);
      expect((await page({ currency: 'USD' })).products).toHaveLength(0);
    });

    it('treats % and _ in the text query as literals', async () => {
      expect((await page({ query: `${tag}%` })).products).toHaveLength(0);
    });

    it('refuses a cursor used with other filters, and page sizes over 100', async () => {
      const { nextCursor } = await page({ pageSize: 2 });
      const mismatch = await failure(page({ pageSize: 2, cursor: nextCursor, active: true }));
      expect(mismatch).toMatchObject({ code: 'INVENTORY.INVALID_CURSOR', httpStatus: 400 });
      const tooBig = await failure(page({ pageSize: 101 }));
      expect(tooBig.fieldErrors).toEqual([{ field: 'pageSize', message: expect.any(String) }]);
    });
  });

  describe('GetProductsForOrder (what the order service prices with)', () => {
    it('returns the committed price and active flag of each product, from the database', async () => {
      const a = await create({ price: { amountMinor: 999, currency: 'EUR' } });
      const b = await create({ active: false });
      const { products } = await inventory.client.getProductsForOrder({
        productIds: [b.productId, a.productId, a.productId],
      });
      expect(products).toEqual([
        { productId: b.productId, sku: b.sku, name: b.name, price: b.price, active: false },
        {
          productId: a.productId,
          sku: a.sku,
          name: a.name,
          price: { amountMinor: 999, currency: 'EUR' },
          active: true,
        },
      ]);
    });

    it('NOT_FOUND lists every unknown id', async () => {
      const known = await create();
      const unknown = [randomUUID(), randomUUID()];
      const error = await failure(
        inventory.client.getProductsForOrder({ productIds: [known.productId, ...unknown] }),
      );
      expect(error).toMatchObject({ code: 'INVENTORY.UNKNOWN_PRODUCT', httpStatus: 404 });
      expect(error.fieldErrors).toEqual(unknown.map((id) => ({ field: 'productIds', message: id })));
    });
  });

  describe('P13: cache-aside done right', () => {
    it('50 concurrent GetProduct misses on one id cause exactly ONE database read', async () => {
      const product = await create(); // creating invalidates: the cache is cold for this id
      findById.mockClear();
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => inventory.client.getProduct({ productId: product.productId })),
      );
      expect(responses.every((r) => r.product?.productId === product.productId)).toBe(true);
      expect(findById).toHaveBeenCalledTimes(1);
      // And afterwards it is a plain hit.
      await inventory.client.getProduct({ productId: product.productId });
      expect(findById).toHaveBeenCalledTimes(1);
    });

    it('an unknown id reaches the database once, then the negative cache answers', async () => {
      const unknown = randomUUID();
      for (let i = 0; i < 5; i += 1) {
        await failure(inventory.client.getProduct({ productId: unknown }));
      }
      expect(findById).toHaveBeenCalledTimes(1);
      const ttl = await redis.pttl(`inventory:v1:product:{${unknown}}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(36_000); // PRODUCT_CACHE_NEGATIVE_TTL_SECONDS 30 + 20 % jitter
    });

    it('an update is visible to the very next read after it returns', async () => {
      const product = await create();
      await inventory.client.getProduct({ productId: product.productId }); // now cached
      for (const amountMinor of [1600, 1700, 1800]) {
        await inventory.client.updateProduct({
          productId: product.productId,
          price: { amountMinor, currency: 'EUR' },
        });
        const { product: read } = await inventory.client.getProduct({ productId: product.productId });
        expect(read?.price).toEqual({ amountMinor, currency: 'EUR' });
      }
    });

    it('a product created after its sku was looked up (and cached as absent) is found at once', async () => {
      const sku = uniqueSku('LATE');
      await failure(inventory.client.getProductBySku({ sku }));
      await failure(inventory.client.getProductBySku({ sku })); // negative hit
      const product = await create({ sku });
      expect((await inventory.client.getProductBySku({ sku })).product?.productId).toBe(product.productId);
    });

    it('stores entries with a jittered TTL and exports the hit ratio as bounded counters', async () => {
      const product = await create();
      await inventory.client.getProduct({ productId: product.productId });
      await inventory.client.getProduct({ productId: product.productId });
      const ttl = await redis.pttl(`inventory:v1:product:{${product.productId}}`);
      expect(ttl).toBeGreaterThan(290_000);
      expect(ttl).toBeLessThanOrEqual(360_000); // 300 s + at most 20 %

      const metrics = await (await fetch(`${inventory.adminUrl}/metrics`)).text();
      for (const result of ['hit', 'miss', 'negative_hit']) {
        expect(metrics).toMatch(
          new RegExp(`product_cache_requests_total\\{[^}]*result="${result}"[^}]*\\} [1-9]`),
        );
      }
      expect(metrics).toMatch(/product_cache_loads_total(\{[^}]*\})? [1-9]/);
      // No ids or keys in labels.
      expect(metrics).not.toContain(product.productId);
    });
  });
});
