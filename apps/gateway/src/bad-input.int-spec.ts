import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type request from 'supertest';
import { FakeOrderService } from './orders/testing/fake-order-service';
import { startGateway, type GatewayUnderTest } from './testing/gateway.under-test';

// Every input gets a documented answer (issue 14): what a schema-driven fuzzer (Schemathesis)
// and hand-made hostile inputs found answered 500, each now a problem+json 400 naming the
// field. The gateway in this process, the real user service as a process, the order
// service's contract played by the test; inventory is not running (closed port), which does
// not matter: the edge answers before any call.
// Ports 22800-22805; 22899 is closed.
const PORTS = { userGrpc: 22800, userAdmin: 22801, http: 22802, admin: 22803, order: 22804, closed: 22899 };
const NUL = '\u0000';

describe('gateway: bad input gets a clear 400, never a 500', () => {
  let gateway: GatewayUnderTest;
  const orders = new FakeOrderService();
  let customer: string;
  let admin: string;
  const http = () => gateway.http();

  beforeAll(async () => {
    gateway = await startGateway({ ports: PORTS, orders });
    customer = `Bearer ${(await gateway.registerAndLogin('bad-input')).tokens.accessToken}`;
    const promoted = await gateway.registerAndLogin('bad-input-admin');
    await gateway.user.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [promoted.userId]);
    const refreshed = await http()
      .post('/v1/auth/refresh')
      .send({ refreshToken: promoted.tokens.refreshToken });
    admin = `Bearer ${refreshed.body.accessToken as string}`;
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
  });

  const expectFieldProblem = (res: request.Response, field: string) => {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 400,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(res.body).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [{ field, message: 'must not contain the NUL character (U+0000)' }],
    });
  };

  // Found by Schemathesis: PostgreSQL refuses NUL in text; nothing above it did.
  describe('a NUL character in a text field', () => {
    it('POST /v1/users: name and email', async () => {
      const body = {
        email: `nul-${randomUUID()}@example.com`,
        password: 'correct horse battery',
        name: 'Ada',
      };
      expectFieldProblem(
        await http()
          .post('/v1/users')
          .send({ ...body, name: `A${NUL}da` }),
        'name',
      );
      expectFieldProblem(
        await http()
          .post('/v1/users')
          .send({ ...body, email: `nul${NUL}@example.com` }),
        'email',
      );
    });

    it('POST /v1/auth/login: email', async () => {
      const res = await http()
        .post('/v1/auth/login')
        .send({ email: `a${NUL}@example.com`, password: 'x' });
      expectFieldProblem(res, 'email');
    });

    it('PATCH /v1/me: name; POST /v1/me/addresses: line1', async () => {
      expectFieldProblem(
        await http().patch('/v1/me').set('authorization', customer).send({ name: NUL }),
        'name',
      );
      const address = { line1: `1 Main St${NUL}`, city: 'Springfield', postalCode: '12345', country: 'US' };
      const res = await http().post('/v1/me/addresses').set('authorization', customer).send(address);
      expectFieldProblem(res, 'line1');
    });

    it('GET /v1/products?q=', async () => {
      expectFieldProblem(
        await http()
          .get('/v1/products')
          .query({ q: `mug${NUL}` }),
        'q',
      );
    });

    it('POST /v1/admin/products: name', async () => {
      const product = { sku: 'NUL-1', name: `Mug${NUL}`, price: { amountMinor: 1200, currency: 'EUR' } };
      expectFieldProblem(
        await http().post('/v1/admin/products').set('authorization', admin).send(product),
        'name',
      );
    });

    it('POST /v1/orders: paymentMethodToken; the order service is never called', async () => {
      const res = await http()
        .post('/v1/orders')
        .set('authorization', customer)
        .set('idempotency-key', randomUUID())
        .send({
          lines: [{ productId: randomUUID(), quantity: 1 }],
          paymentMethodToken: `pm_card_visa${NUL}`,
        });
      expectFieldProblem(res, 'paymentMethodToken');
      expect(orders.calls).toEqual([]);
    });
  });

  const expectProblem = (
    res: { status: number; headers: Record<string, unknown>; body: unknown },
    status: number,
    code: string,
  ) => {
    expect({ status: res.status, type: res.headers['content-type'], body: res.body }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
      body: expect.objectContaining({ status, code }),
    });
  };

  /** Any method, as node:http sends it (fetch refuses TRACE; supertest has no QUERY). */
  const rawRequest = (method: string, path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: PORTS.http, method, path }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  // Found by probing from outside: Fastify's and Node's own answers, not problem+json, not documented.
  describe('framework-level answers are problem+json', () => {
    it("a path parameter past Fastify's 100 characters: the route's 400 naming it, not Fastify's 414", async () => {
      const long = 'a'.repeat(200);
      const order = await http().get(`/v1/orders/${long}`).set('authorization', customer);
      expectProblem(order, 400, 'REQUEST.INVALID');
      expect(order.body.errors).toEqual([expect.objectContaining({ field: 'orderId' })]);
      const sku = await http().get(`/v1/products/by-sku/${long}`);
      expectProblem(sku, 400, 'REQUEST.INVALID');
      expect(sku.body.errors).toEqual([expect.objectContaining({ field: 'sku' })]);
      const user = await http().get(`/v1/users/${long}`).set('authorization', admin);
      expectProblem(user, 400, 'REQUEST.INVALID');
      expect(user.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    });

    it('headers too large: 431 problem+json, not a bare 431', async () => {
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        const socket = connect(PORTS.http, '127.0.0.1', () =>
          socket.write(`GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
        );
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(head).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'HTTP.HEADERS_TOO_LARGE' });
    });

    it.each(['QUERY', 'TRACE', 'DELETE'])(
      '%s /v1/products: 405 with Allow, not 400 or 404',
      async (method) => {
        const res = await rawRequest(method, '/v1/products');
        expectProblem(res, 405, 'HTTP.METHOD_NOT_ALLOWED');
        expect(res.headers['allow']).toBe('GET, HEAD');
      },
    );

    it('a body that is not JSON: 415, not a 400 from the schema', async () => {
      const plain = await http().post('/v1/auth/login').set('content-type', 'text/plain').send('hello');
      expectProblem(plain, 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE');
      const form = await http().post('/v1/auth/login').type('form').send({ email: 'a@b.co', password: 'x' });
      expectProblem(form, 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE');
    });

    it('malformed JSON and an oversized body stay problem+json (400, 413)', async () => {
      const malformed = await http()
        .post('/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{bad');
      expectProblem(malformed, 400, 'HTTP.MALFORMED_BODY');
      const big = await http()
        .post('/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ email: 'x'.repeat(2_000_000) }));
      expectProblem(big, 413, 'HTTP.PAYLOAD_TOO_LARGE');
    });
  });
});
