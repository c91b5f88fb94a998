import { status } from '@grpc/grpc-js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FakeOrderService } from '../orders/testing/fake-order-service';
import { grpcOrder, grpcOrderSummary, ORDER_ID, PRODUCT } from '../orders/testing/order-fixtures';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';
import { DOCS_CONTENT_SECURITY_POLICY } from './api-docs';
import type { OpenApiDocument } from './openapi-document';
import { coverageGaps } from './route-coverage';
import { DocumentConformance } from './testing/document-conformance';
import { fastifyRoutes } from './testing/fastify-routes';

// The gateway in this process (real user service as a process, the order
// service played by the test, inventory and notification on a closed port):
// GET /openapi.json and /docs as a browser gets them, the live Fastify route
// table against the document, and real responses checked against it.
// Ports 22500-22504 (the OpenAPI slice's range); 22599 is closed.
const PORTS = { userGrpc: 22500, userAdmin: 22501, http: 22502, admin: 22503, order: 22504, closed: 22599 };
const VERSION = '9.8.7-it';

/** The order CANCELLED by a declined card, with its saga steps. */
const cancelledOrder = (customerId: string) =>
  grpcOrder(customerId, {
    status: 'CANCELLED',
    cancelCode: 'PAYMENT.DECLINED',
    cancelReason: 'card declined',
    updatedAt: '2026-03-01T10:00:02.000Z',
    steps: [
      { step: 'RESERVE_STOCK', event: 'SUCCEEDED', at: '2026-03-01T10:00:00.500Z', code: '', detail: '' },
      {
        step: 'AUTHORIZE_PAYMENT',
        event: 'FAILED',
        at: '2026-03-01T10:00:01.000Z',
        code: 'PAYMENT.DECLINED',
        detail: 'card declined',
      },
    ],
  });

describe('gateway GET /openapi.json and /docs (P15)', () => {
  let gateway: GatewayUnderTest;
  const orders = new FakeOrderService();
  const http = () => gateway.http();

  beforeAll(async () => {
    gateway = await startGateway({ ports: PORTS, orders, env: { SERVICE_VERSION: VERSION } });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  const fetchDocument = async (): Promise<OpenApiDocument> =>
    (await http().get('/openapi.json').expect(200)).body as OpenApiDocument;

  describe('GET /openapi.json', () => {
    it('serves a valid OpenAPI 3.1 document without a token, versioned as the running gateway', async () => {
      const res = await http().get('/openapi.json').expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['etag']).toMatch(/^"[\w-]{27}"$/);
      expect(res.body).toMatchObject({
        openapi: expect.stringMatching(/^3\.1\./),
        info: { version: VERSION },
      });
      expect(await new Validator().validate(res.body)).toEqual({ valid: true });
    });

    it('answers 304 Not Modified to a revalidation with its ETag', async () => {
      const { headers } = await http().get('/openapi.json').expect(200);
      const res = await http()
        .get('/openapi.json')
        .set('if-none-match', headers['etag'] as string)
        .expect(304);
      expect(res.text).toBe('');
      expect(res.headers['etag']).toBe(headers['etag']);
    });
  });

  describe('GET /docs', () => {
    it('serves the reference page with a strict policy, and every asset it links from the gateway', async () => {
      const page = await http().get('/docs').expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self';.*style-src 'self';/);
      expect(page.headers['content-security-policy']).not.toMatch(/unsafe-(inline|eval)/);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.text).not.toMatch(/<script>|https?:\/\//); // no inline script, nothing from a CDN

      const links = [...page.text.matchAll(/(?:src|href)="(docs\/assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
      expect(links.map((link) => link.replace(/\?v=[\w-]+$/, '')).sort()).toEqual([
        '/docs/assets/docs-init.js',
        '/docs/assets/favicon-32x32.png',
        '/docs/assets/swagger-ui-bundle.js',
        '/docs/assets/swagger-ui.css',
      ]);
      for (const link of links) {
        const asset = await http().get(link).buffer(true).expect(200);
        expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(asset.headers['x-content-type-options']).toBe('nosniff');
        expect(Number(asset.headers['content-length'])).toBeGreaterThan(100);
        await http()
          .get(link)
          .set('if-none-match', asset.headers['etag'] as string)
          .expect(304);
      }
      const init = await http().get(links.find((link) => link.includes('docs-init.js')) as string);
      expect(init.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(init.text).toContain("new URL('openapi.json', document.baseURI)");
    });

    it('serves nothing but its own assets', async () => {
      for (const path of [
        '/docs/assets/index.html',
        '/docs/assets/..%2Fpackage.json',
        '/docs/assets/swagger-ui.js',
      ]) {
        const res = await http().get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  it('the live Fastify route table and the document match exactly', async () => {
    const fastify = (gateway.service.handle.app as NestFastifyApplication).getHttpAdapter().getInstance();
    const served = fastifyRoutes(fastify);
    expect(served).toEqual(expect.arrayContaining(['GET /v1/orders/{orderId}', 'POST /v1/orders']));
    expect(coverageGaps(served, await fetchDocument())).toEqual({ undocumented: [], phantom: [] });
  });

  it('real responses of the gateway conform to the document (bodies, statuses, headers)', async () => {
    const conformance = new DocumentConformance(await fetchDocument());
    const seen: string[] = [];
    // Asserts the status the scenario expects, then that the response is what the document says.
    const conforms = (expected: number, method: string, template: string, res: request.Response) => {
      const route = `${method} ${template}`;
      seen.push(`${route} ${res.status}`);
      expect({ route, status: res.status, body: res.status === expected ? 'as expected' : res.body }).toEqual(
        {
          route,
          status: expected,
          body: 'as expected',
        },
      );
      expect({ route, violations: conformance.violations(method, template, res) }).toEqual({
        route,
        violations: [],
      });
      return res;
    };

    const customer = gateway.newCustomer('openapi');
    const credentials = { email: customer.email, password: customer.password };
    const users = () => http().post('/v1/users');
    const registered = conforms(201, 'POST', '/v1/users', await users().send(customer));
    conforms(409, 'POST', '/v1/users', await users().send(customer));
    conforms(400, 'POST', '/v1/users', await users().send({ email: 1, extra: true })); // errors[]
    conforms(415, 'POST', '/v1/users', await users().set('content-type', 'application/xml').send('<x/>'));
    conforms(413, 'POST', '/v1/users', await users().send({ name: 'x'.repeat(70 * 1024) }));

    const login = conforms(
      200,
      'POST',
      '/v1/auth/login',
      await http().post('/v1/auth/login').send(credentials),
    );
    const auth = { authorization: `Bearer ${login.body.accessToken as string}` };
    const wrongPassword = { ...credentials, password: 'wrong one' };
    conforms(401, 'POST', '/v1/auth/login', await http().post('/v1/auth/login').send(wrongPassword));
    conforms(200, 'GET', '/.well-known/jwks.json', await http().get('/.well-known/jwks.json'));

    conforms(200, 'GET', '/v1/me', await http().get('/v1/me').set(auth));
    conforms(401, 'GET', '/v1/me', await http().get('/v1/me')); // with WWW-Authenticate
    conforms(200, 'PATCH', '/v1/me', await http().patch('/v1/me').set(auth).send({ name: 'Renamed' }));
    const address = { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
    conforms(201, 'POST', '/v1/me/addresses', await http().post('/v1/me/addresses').set(auth).send(address));
    conforms(200, 'GET', '/v1/me/addresses', await http().get('/v1/me/addresses').set(auth));
    const someone = `/v1/users/${registered.body.userId as string}`;
    conforms(403, 'GET', '/v1/users/{userId}', await http().get(someone).set(auth)); // a customer
    // Inventory and notification listen on a closed port here: 503 problem+json.
    conforms(503, 'GET', '/v1/me/notifications', await http().get('/v1/me/notifications').set(auth));
    conforms(503, 'GET', '/v1/products/{productId}', await http().get(`/v1/products/${PRODUCT}`));
    conforms(400, 'GET', '/v1/products', await http().get('/v1/products?limit=0'));
    conforms(400, 'GET', '/v1/products/{productId}', await http().get('/v1/products/not-a-uuid'));

    orders.answer.PlaceOrder = (req) => ({
      ok: { order: cancelledOrder(String(req['customerId'])), replayed: true },
    });
    orders.answer.GetOrder = (req) => ({ ok: { order: cancelledOrder(String(req['customerId'])) } });
    orders.answer.ListOrders = () => ({ ok: { orders: [grpcOrderSummary], nextCursor: '' } });
    const order = { lines: [{ productId: PRODUCT, quantity: 2 }], paymentMethodToken: 'pm_card_visa' };
    const place = (key?: string) => {
      const post = http().post('/v1/orders').set(auth);
      return (key ? post.set('idempotency-key', key) : post).send(order);
    };
    const placed = conforms(202, 'POST', '/v1/orders', await place(randomUUID()));
    expect(placed.headers['idempotent-replayed']).toBe('true');
    conforms(400, 'POST', '/v1/orders', await place()); // no Idempotency-Key
    orders.answer.PlaceOrder = () => ({
      code: status.ABORTED,
      errorCode: 'ORDER.REQUEST_IN_PROGRESS',
      retryAfterMs: 25_000,
    });
    conforms(409, 'POST', '/v1/orders', await place('k-in-flight'));
    orders.answer.PlaceOrder = () => ({
      code: status.FAILED_PRECONDITION,
      errorCode: 'ORDER.IDEMPOTENCY_KEY_REUSED',
    });
    conforms(422, 'POST', '/v1/orders', await place('k-reused'));
    conforms(200, 'GET', '/v1/orders/{orderId}', await http().get(`/v1/orders/${ORDER_ID}`).set(auth));
    conforms(200, 'GET', '/v1/orders', await http().get('/v1/orders').set(auth));

    const refresh = { refreshToken: login.body.refreshToken as string };
    const refreshed = conforms(
      200,
      'POST',
      '/v1/auth/refresh',
      await http().post('/v1/auth/refresh').send(refresh),
    );
    conforms(401, 'POST', '/v1/auth/refresh', await http().post('/v1/auth/refresh').send(refresh)); // spent
    const logout = { refreshToken: refreshed.body.refreshToken as string };
    conforms(204, 'POST', '/v1/auth/logout', await http().post('/v1/auth/logout').send(logout));

    // A real 429: failed logins are limited per account (a token bucket in Redis).
    const victim = { email: gateway.newCustomer('openapi-limit').email, password: 'not the password' };
    let limited = await http().post('/v1/auth/login').send(victim);
    for (let attempt = 0; attempt < 20 && limited.status === 401; attempt += 1) {
      limited = await http().post('/v1/auth/login').send(victim);
    }
    conforms(429, 'POST', '/v1/auth/login', limited);

    // 2xx and every error status but 404 and 500, on most operations.
    expect(new Set(seen.map((entry) => entry.split(' ').pop()))).toEqual(
      new Set(['200', '201', '202', '204', '400', '401', '403', '409', '413', '415', '422', '429', '503']),
    );
  });
});
