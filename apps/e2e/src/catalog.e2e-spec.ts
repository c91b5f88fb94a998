import { queryService } from '@shop/testing';
import { adminSession, newSession, type Session } from './support/auth';
import { gateway } from './support/gateway';

// The catalog through the running system:
//   admin:     gateway --JWT + role--> gRPC --> inventory --> inventory_db (+ cache invalidation)
//   anonymous: gateway --@Public--> gRPC --> inventory --> Redis cache-aside --> inventory_db
describe('catalog: admin manages products and stock, anyone browses', () => {
  let admin: Omit<Session, 'name' | 'password'>;
  let customer: Session;
  // Unique per run: tests never collide with each other, with reruns or with the demo catalog.
  const tag = `E2E${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

  beforeAll(async () => {
    admin = await adminSession();
    customer = await newSession();
  });

  const expectProblem = (
    res: { headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
    code?: string,
  ) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    if (code) expect(res.body['code']).toBe(code);
  };

  const createProduct = async (suffix: string, priceMinor = 1999) => {
    const res = await gateway()
      .post('/v1/admin/products')
      .set(admin.auth)
      .send({
        sku: `${tag}-${suffix}`,
        name: `E2E ${tag} ${suffix}`,
        description: 'created by catalog.e2e-spec',
        price: { amountMinor: priceMinor, currency: 'EUR' },
      })
      .expect(201);
    return res;
  };

  describe('admin', () => {
    it('creates a product (201 + Location) and sets its stock; both are in inventory_db', async () => {
      const res = await createProduct('A');
      expect(res.body).toEqual({
        productId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sku: `${tag}-A`,
        name: `E2E ${tag} A`,
        description: 'created by catalog.e2e-spec',
        price: { amountMinor: 1999, currency: 'EUR' },
        active: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const productId: string = res.body.productId;
      expect(res.headers['location']).toBe(`/v1/products/${productId}`);

      const stock = await gateway()
        .put(`/v1/admin/products/${productId}/stock`)
        .set(admin.auth)
        .send({ quantity: 25 })
        .expect(200);
      expect(stock.body).toEqual({ productId, available: 25, reserved: 0 });
      const read = await gateway().get(`/v1/admin/products/${productId}/stock`).set(admin.auth).expect(200);
      expect(read.body).toEqual(stock.body);

      const rows = await queryService(
        'inventory',
        `SELECT p.sku, p.price_minor::int AS price, s.available, s.reserved
           FROM products p JOIN stock s ON s.product_id = p.id WHERE p.id = $1`,
        [productId],
      );
      expect(rows).toEqual([{ sku: `${tag}-A`, price: 1999, available: 25, reserved: 0 }]);
    });

    it('refuses a duplicate sku with 409 INVENTORY.SKU_TAKEN', async () => {
      await createProduct('DUP');
      const res = await gateway()
        .post('/v1/admin/products')
        .set(admin.auth)
        .send({ sku: `${tag}-DUP`, name: 'again', price: { amountMinor: 1, currency: 'EUR' } })
        .expect(409);
      expectProblem(res, 409, 'INVENTORY.SKU_TAKEN');
    });

    it('a price change is visible to the very next anonymous read (cache invalidated after commit)', async () => {
      const { body: product } = await createProduct('PRICE', 1000);
      await gateway().get(`/v1/products/${product.productId}`).expect(200); // warms the cache
      const patched = await gateway()
        .patch(`/v1/admin/products/${product.productId}`)
        .set(admin.auth)
        .send({ price: { amountMinor: 1250, currency: 'EUR' } })
        .expect(200);
      expect(patched.body).toMatchObject({ price: { amountMinor: 1250, currency: 'EUR' }, version: 2 });
      const read = await gateway().get(`/v1/products/${product.productId}`).expect(200);
      expect(read.body.price).toEqual({ amountMinor: 1250, currency: 'EUR' });
    });
  });

  describe('anonymous browsing', () => {
    const created: Array<{ productId: string; sku: string }> = [];

    beforeAll(async () => {
      for (const suffix of ['L1', 'L2', 'L3']) created.push((await createProduct(suffix)).body);
    });

    it('gets a product by id and by sku (any case) without a token', async () => {
      const [first] = created;
      const byId = await gateway().get(`/v1/products/${first?.productId}`).expect(200);
      expect(byId.body).toMatchObject({ productId: first?.productId, sku: first?.sku });
      const bySku = await gateway().get(`/v1/products/by-sku/${first?.sku.toLowerCase()}`).expect(200);
      expect(bySku.body.productId).toBe(first?.productId);
    });

    it('lists with a text filter, page by page with the opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: Array<{ sku: string }>; nextCursor: string | null } } = await gateway()
          .get('/v1/products')
          .query({ q: `${tag}-L`, limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        seen.push(...res.body.items.map((item) => item.sku));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen).toEqual(created.map((product) => product.sku)); // sku order
      expect(pages).toBe(2);
    });

    it('filters by price range and active flag', async () => {
      const res = await gateway()
        .get('/v1/products')
        .query({ q: tag, minPrice: 1999, maxPrice: 1999, active: 'true', limit: 100 })
        .expect(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(3);
      for (const item of res.body.items) {
        expect(item).toMatchObject({ price: { amountMinor: 1999 }, active: true });
      }
    });

    it('404 problem for an unknown id or sku', async () => {
      const res = await gateway().get('/v1/products/00000000-0000-4000-8000-000000000000').expect(404);
      expectProblem(res, 404, 'INVENTORY.PRODUCT_NOT_FOUND');
      const bySku = await gateway().get(`/v1/products/by-sku/${tag}-NOPE`).expect(404);
      expectProblem(bySku, 404, 'INVENTORY.PRODUCT_NOT_FOUND');
    });

    it('the demo catalog is seeded by make up', async () => {
      const res = await gateway().get('/v1/products/by-sku/MUG-CLASSIC').expect(200);
      expect(res.body).toMatchObject({ name: 'Classic mug', price: { currency: 'EUR' }, active: true });
    });
  });

  describe('security', () => {
    it('401 without a token on an admin route', async () => {
      const res = await gateway()
        .get('/v1/admin/products/00000000-0000-4000-8000-000000000000/stock')
        .expect(401);
      expectProblem(res, 401);
    });

    it('403 for a customer on admin routes, and nothing is written', async () => {
      const create = await gateway()
        .post('/v1/admin/products')
        .set(customer.auth)
        .send({ sku: `${tag}-CUST`, name: 'nope', price: { amountMinor: 1, currency: 'EUR' } })
        .expect(403);
      expectProblem(create, 403, 'AUTH.FORBIDDEN');
      const stock = await gateway()
        .put(`/v1/admin/products/00000000-0000-4000-8000-000000000000/stock`)
        .set(customer.auth)
        .send({ quantity: 1 })
        .expect(403);
      expectProblem(stock, 403, 'AUTH.FORBIDDEN');
      expect(
        await queryService('inventory', 'SELECT 1 FROM products WHERE sku = $1', [`${tag}-CUST`]),
      ).toHaveLength(0);
    });
  });

  describe('bad input: 400 problem+json with field errors, nothing written', () => {
    const fields = (body: Record<string, unknown>) =>
      (body['errors'] as Array<{ field: string }>).map((error) => error.field).sort();

    it('wrong types and missing fields on create', async () => {
      const res = await gateway()
        .post('/v1/admin/products')
        .set(admin.auth)
        .send({ sku: `${tag}-BAD`, name: 42, price: { amountMinor: '12.50', currency: 'EUR' } })
        .expect(400);
      expectProblem(res, 400);
      expect(fields(res.body)).toEqual(['name', 'price.amountMinor']);
      expect(
        await queryService('inventory', 'SELECT 1 FROM products WHERE sku = $1', [`${tag}-BAD`]),
      ).toHaveLength(0);
    });

    it('the SKU shape is in the document and checked at the edge, as a field error', async () => {
      const res = await gateway()
        .post('/v1/admin/products')
        .set(admin.auth)
        .send({ sku: 'has spaces', name: 'x', price: { amountMinor: 1, currency: 'EUR' } })
        .expect(400);
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect(fields(res.body)).toEqual(['sku']);
    });

    it('a negative stock quantity, a malformed id, an oversized page, a foreign cursor', async () => {
      const { body: product } = await createProduct('Q');
      const negative = await gateway()
        .put(`/v1/admin/products/${product.productId}/stock`)
        .set(admin.auth)
        .send({ quantity: -1 })
        .expect(400);
      expect(fields(negative.body)).toEqual(['quantity']);

      const malformed = await gateway().get('/v1/products/not-a-uuid').expect(400);
      expect(fields(malformed.body)).toEqual(['productId']);

      const limit = await gateway().get('/v1/products').query({ limit: 1000 }).expect(400);
      expect(fields(limit.body)).toEqual(['limit']);

      const first = await gateway().get('/v1/products').query({ q: tag, limit: 1 }).expect(200);
      const foreign = await gateway()
        .get('/v1/products')
        .query({ q: `${tag}-L`, limit: 1, cursor: first.body.nextCursor })
        .expect(400);
      expectProblem(foreign, 400, 'INVENTORY.INVALID_CURSOR');

      const stock = await queryService('inventory', 'SELECT available FROM stock WHERE product_id = $1', [
        product.productId,
      ]);
      expect(stock).toEqual([{ available: 0 }]);
    });

    it('an empty patch is refused', async () => {
      const { body: product } = await createProduct('EMPTY');
      const res = await gateway()
        .patch(`/v1/admin/products/${product.productId}`)
        .set(admin.auth)
        .send({})
        .expect(400);
      expectProblem(res, 400);
    });
  });
});
