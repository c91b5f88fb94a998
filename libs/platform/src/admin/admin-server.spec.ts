import type { IncomingMessage, ServerResponse } from 'node:http';
import { HealthRegistry } from '../health/health-registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { startAdminServer, type AdminServer } from './admin-server';

describe('admin server (P18 probes, P24 separate port)', () => {
  let admin: AdminServer;
  let lifecycle: ServiceLifecycle;
  let health: HealthRegistry;
  let redisUp: boolean;
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${admin.port}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  };

  beforeEach(async () => {
    lifecycle = new ServiceLifecycle();
    health = new HealthRegistry();
    redisUp = true;
    health.register('redis', async () => {
      if (!redisUp) throw new Error('ECONNREFUSED 127.0.0.1:6379');
    });
    admin = await startAdminServer({
      host: '127.0.0.1',
      port: 0,
      service: 'order',
      version: '1.2.3',
      health,
      lifecycle,
      metrics: (_request: IncomingMessage, response: ServerResponse) => response.end('# metrics\nup 1\n'),
    });
  });

  afterEach(() => admin.close());

  it('is not ready while starting, though alive', async () => {
    expect((await get('/livez')).status).toBe(200);
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: expect.stringContaining('"phase":"starting"'),
    });
  });

  it('is ready only while every dependency check passes, naming the failing one', async () => {
    lifecycle.markRunning();
    expect((await get('/readyz')).status).toBe(200);
    redisUp = false;
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body).failing).toEqual([
      expect.objectContaining({ name: 'redis', status: 'down', error: 'ECONNREFUSED 127.0.0.1:6379' }),
    ]);
    expect((await get('/livez')).status).toBe(200); // a dependency blip never fails liveness
  });

  it('fails readiness the moment shutdown begins, even with healthy dependencies (P01)', async () => {
    lifecycle.markRunning();
    lifecycle.beginDrain();
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: expect.stringContaining('"phase":"draining"'),
    });
  });

  it('details health: status, service, version, uptime and per-dependency latency', async () => {
    lifecycle.markRunning();
    const healthz = await get('/healthz');
    expect(healthz.status).toBe(200);
    expect(JSON.parse(healthz.body)).toEqual({
      status: 'up',
      phase: 'running',
      service: 'order',
      version: '1.2.3',
      uptime_seconds: expect.any(Number),
      dependencies: { redis: { status: 'up', latency_ms: expect.any(Number) } },
    });
    redisUp = false;
    const down = JSON.parse((await get('/healthz')).body);
    expect(down.status).toBe('down');
    expect(down.dependencies.redis).toMatchObject({ status: 'down', error: 'ECONNREFUSED 127.0.0.1:6379' });
  });

  it('serves /metrics and 404s anything else', async () => {
    expect(await get('/metrics')).toMatchObject({ status: 200, body: '# metrics\nup 1\n' });
    expect((await get('/debug/pprof')).status).toBe(404);
  });
});
