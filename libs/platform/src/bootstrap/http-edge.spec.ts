import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { EDGE_FASTIFY_OPTIONS, installHttpEdge } from './http-edge';

function setup() {
  const fastify = new FastifyAdapter({ ...EDGE_FASTIFY_OPTIONS, logger: false }).getInstance();
  installHttpEdge(fastify);
  fastify.get('/orders/:orderId', async (request) => ({
    length: (request.params as { orderId: string }).orderId.length,
  }));
  fastify.post('/orders', async () => ({ placed: true }));
  fastify.get('/files/*', async () => ({ file: true }));
  return fastify;
}

/** The raw answer of a server to bytes written on a socket (what no HTTP client would send). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(answer) : reject(error),
    );
  });
}

describe('HTTP edge: what Fastify and Node answer before any route runs', () => {
  it('a method the path does not have: 405 problem+json with Allow, decided before the body', async () => {
    const fastify = setup();
    await fastify.ready();
    const deleted = await fastify.inject({ method: 'DELETE', url: '/orders' });
    expect(deleted.statusCode).toBe(405);
    expect(deleted.headers['allow']).toBe('POST');
    expect(deleted.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(deleted.json()).toMatchObject({
      status: 405,
      code: 'HTTP.METHOD_NOT_ALLOWED',
      instance: '/orders',
    });
    // A body method without Content-Type was Fastify's 400; the method is what is wrong.
    const put = await fastify.inject({ method: 'PUT', url: '/orders/o-1', payload: 'x' });
    expect({ status: put.statusCode, allow: put.headers['allow'] }).toEqual({
      status: 405,
      allow: 'GET, HEAD',
    });
    const wildcard = await fastify.inject({ method: 'POST', url: '/files/a/b.txt' });
    expect({ status: wildcard.statusCode, allow: wildcard.headers['allow'] }).toEqual({
      status: 405,
      allow: 'GET, HEAD',
    });
    await fastify.close();
  });

  it('an unknown path stays a 404, and the allowed methods still work', async () => {
    const fastify = setup();
    expect((await fastify.inject({ method: 'DELETE', url: '/nothing/here' })).statusCode).toBe(404);
    expect((await fastify.inject({ method: 'GET', url: '/orders/o-1' })).json()).toEqual({ length: 3 });
    expect((await fastify.inject({ method: 'HEAD', url: '/orders/o-1' })).statusCode).toBe(200);
    await fastify.close();
  });

  it("a long path parameter reaches its route (whose schema answers), never Fastify's 414", async () => {
    const fastify = setup();
    const response = await fastify.inject({ method: 'GET', url: `/orders/${'a'.repeat(5_000)}` });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 200,
      body: { length: 5_000 },
    });
    await fastify.close();
  });

  it('JSON only: text/plain is 415, no longer parsed as a string for the schema to refuse', async () => {
    const fastify = setup();
    const response = await fastify.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }); // the app's filter renders it as problem+json
    await fastify.close();
  });

  it("headers too large: 431 problem+json on the socket, where Fastify's own JSON was", async () => {
    const fastify = setup();
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as AddressInfo;
    const answer = await rawExchange(
      port,
      `GET /orders/o-1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(head).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'HTTP.HEADERS_TOO_LARGE' });

    const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(garbage.split('\r\n\r\n')[1] ?? '')).toMatchObject({
      status: 400,
      code: 'HTTP.BAD_REQUEST',
    });
    await fastify.close();
  });
});
