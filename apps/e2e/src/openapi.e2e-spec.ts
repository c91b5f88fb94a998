import { Validator } from '@seriousme/openapi-schema-validator';
import { queryService } from '@shop/testing';
import { Ajv2020 } from 'ajv/dist/2020';
import { adminSession, newSession, type Session } from './support/auth';
import { gateway } from './support/gateway';
import { finished, newProduct, orderBody, postOrder, tokenise } from './support/shop';

// The API document of the running gateway (docs/api.md), checked against the
// gateway itself: GET /openapi.json is valid OpenAPI 3.1 and names every route,
// GET /docs works from the gateway alone, and real responses of the whole
// system (catalog, stock, an order through its saga) match the documented schemas.
type Document = {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
};

describe('openapi: the document describes the running gateway', () => {
  let document: Document;
  let matches: (method: string, path: string, res: { status: number; body: unknown }) => void;

  beforeAll(async () => {
    document = (await gateway().get('/openapi.json').expect(200)).body as Document;
    // Component refs are relative to the document: compile the components as one schema resource.
    const refs = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"components#/$defs/')) as object;
    const ajv = new Ajv2020({
      allErrors: true,
      allowUnionTypes: true,
      formats: {
        uuid: true,
        email: true,
        'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/,
      },
    });
    ajv.addSchema({ $id: 'components', $defs: refs(document.components.schemas) });
    matches = (method, path, res) => {
      const response = document.paths[path]?.[method]?.responses[String(res.status)] as
        { content: { 'application/json': { schema: object } } } | undefined;
      expect({ method, path, status: res.status, documented: response !== undefined }).toEqual({
        method,
        path,
        status: res.status,
        documented: true,
      });
      const validate = ajv.compile(refs(response?.content['application/json'].schema));
      expect({ path, errors: validate(res.body) ? null : validate.errors }).toEqual({ path, errors: null });
    };
  });

  it('serves a valid OpenAPI 3.1 document of every shop route, without a token', async () => {
    expect(await new Validator().validate(document)).toEqual({ valid: true });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/auth/login',
        '/v1/users',
        '/v1/me/addresses',
        '/v1/me/notifications',
        '/v1/products/by-sku/{sku}',
        '/v1/admin/products/{productId}/stock',
        '/v1/orders',
        '/v1/orders/{orderId}',
        '/.well-known/jwks.json',
      ]),
    );
    const placeOrder = document.paths['/v1/orders']?.['post'];
    expect(placeOrder?.parameters?.map((parameter) => parameter.name)).toContain('Idempotency-Key');
  });

  it('serves the reference page and its assets from the gateway, under a strict CSP', async () => {
    const page = await gateway().get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const bundle = /src="(docs\/assets\/swagger-ui-bundle\.js\?v=[\w-]+)"/.exec(page.text)?.[1];
    expect(bundle).toBeDefined();
    const asset = await gateway().get(`/${bundle}`).buffer(true).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await gateway()
      .get(`/${bundle}`)
      .set('if-none-match', asset.headers['etag'] as string)
      .expect(304);
  });

  it('real responses of the system match the document: catalog, stock, an order through its saga', async () => {
    const admin = await adminSession();
    const customer: Session = await newSession();
    const productId = await newProduct(admin, 5, 1_250);

    const product = await gateway().get(`/v1/products/${productId}`).expect(200);
    matches('get', '/v1/products/{productId}', product);
    matches(
      'get',
      '/v1/products/by-sku/{sku}',
      await gateway().get(`/v1/products/by-sku/${product.body.sku}`),
    );
    matches(
      'get',
      '/v1/products',
      await gateway().get('/v1/products').query({ q: product.body.sku, limit: 1 }),
    );
    const stock = await gateway().get(`/v1/admin/products/${productId}/stock`).set(admin.auth);
    matches('get', '/v1/admin/products/{productId}/stock', stock);

    const placed = await postOrder(customer, orderBody(productId, 2, await tokenise('4242424242424242')));
    matches('post', '/v1/orders', placed);
    const orderId = placed.body.orderId as string;
    expect(placed.headers['location']).toBe(`/v1/orders/${orderId}`);
    await finished(customer, orderId);
    const order = await gateway().get(`/v1/orders/${orderId}`).set(customer.auth);
    matches('get', '/v1/orders/{orderId}', order); // with the saga's step history
    matches('get', '/v1/orders', await gateway().get('/v1/orders').query({ limit: 5 }).set(customer.auth));
    matches('get', '/v1/me/notifications', await gateway().get('/v1/me/notifications').set(customer.auth));

    // The documented view is the stored order.
    const [row] = await queryService(
      'order',
      'SELECT status, total_minor::int AS total FROM orders WHERE id = $1',
      [orderId],
    );
    expect(row).toEqual({ status: order.body.status, total: order.body.total.amountMinor });
  });
  // Issue 14: a cursor is opaque. `cursor=0` is schema-valid and was an undocumented 400; the
  // document now says any cursor the list did not issue gets 400 with the list's code.
  it('a cursor the list did not issue gets the documented 400 on every list', async () => {
    const session: Session = await newSession();
    for (const [path, code] of [
      ['/v1/products', 'INVENTORY.INVALID_CURSOR'],
      ['/v1/orders', 'ORDER.INVALID_CURSOR'],
      ['/v1/me/notifications', 'NOTIFICATION.INVALID_CURSOR'],
    ] as const) {
      const res = await gateway().get(path).query({ cursor: '0' }).set(session.auth);
      expect({ path, status: res.status, type: res.headers['content-type'], code: res.body.code }).toEqual({
        path,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
        code,
      });
      const documented = document.paths[path]?.['get']?.responses['400'] as { description?: string };
      expect(documented.description).toContain(code);
    }
  });
});
