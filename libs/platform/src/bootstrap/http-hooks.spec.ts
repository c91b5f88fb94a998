import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import type { RedMetrics } from '../metrics/red-metrics';
import { installHttpHooks } from './http-hooks';

function setup() {
  const fastify = new FastifyAdapter({ logger: false }).getInstance();
  const lifecycle = new ServiceLifecycle();
  lifecycle.markRunning();
  const recorded: unknown[][] = [];
  const metrics = { recordHttp: (...args: unknown[]) => recorded.push(args) } as unknown as RedMetrics;
  installHttpHooks(fastify, lifecycle, metrics);
  fastify.get('/orders/:orderId', async () => ({ ok: true }));
  return { fastify, lifecycle, recorded };
}

describe('HTTP hooks (P01/P19 admission during shutdown, P21 route-template metrics)', () => {
  it('records method, route template and status, never the raw URL', async () => {
    const { fastify, recorded } = setup();
    await fastify.inject({ method: 'GET', url: '/orders/o-123?x=1' });
    await fastify.inject({ method: 'GET', url: '/nope/42' });
    expect(recorded).toEqual([
      ['GET', '/orders/:orderId', 200, expect.any(Number)],
      ['GET', undefined, 404, expect.any(Number)],
    ]);
    await fastify.close();
  });

  it('serves with connection: close while draining', async () => {
    const { fastify, lifecycle } = setup();
    lifecycle.beginDrain();
    const response = await fastify.inject({ method: 'GET', url: '/orders/o-1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['connection']).toBe('close');
    await fastify.close();
  });

  it('refuses new requests with 503 problem+json once shutdown stops accepting work', async () => {
    const { fastify, lifecycle, recorded } = setup();
    lifecycle.beginDrain();
    lifecycle.stopAccepting();
    const response = await fastify.inject({ method: 'GET', url: '/orders/o-1' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['connection']).toBe('close');
    expect(response.json()).toMatchObject({
      status: 503,
      code: 'SERVICE.SHUTTING_DOWN',
      instance: '/orders/o-1',
    });
    expect(recorded[0]).toEqual(['GET', '/orders/:orderId', 503, expect.any(Number)]);
    await fastify.close();
  });
});
