import pino from 'pino';
import { HealthRegistry } from './health-registry';
import { TimeoutError, withTimeout } from './with-timeout';

describe('HealthRegistry (P18 readiness; P02 every check bounded)', () => {
  it('reports every dependency with status and latency', async () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => undefined);
    registry.register('redis', async () => {
      throw new Error('connection refused');
    });
    const report = await registry.run();
    expect(report.ok).toBe(false);
    expect(report.dependencies).toEqual([
      { name: 'postgres', status: 'up', latency_ms: expect.any(Number) },
      { name: 'redis', status: 'down', latency_ms: expect.any(Number), error: 'connection refused' },
    ]);
  });

  it('counts a hanging check as down after its own timeout', async () => {
    const registry = new HealthRegistry();
    registry.register('kafka', () => new Promise<void>(() => undefined), { timeoutMs: 30 });
    registry.register('postgres', async () => undefined, { timeoutMs: 5_000 });
    const started = Date.now();
    const report = await registry.run();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.dependencies[0]).toMatchObject({
      name: 'kafka',
      status: 'down',
      error: 'kafka health check timed out after 30 ms',
    });
    expect(report.dependencies[1]).toMatchObject({ name: 'postgres', status: 'up' });
  });

  it('treats a synchronously throwing check as down, not as a crash', async () => {
    const registry = new HealthRegistry();
    registry.register('broken', () => {
      throw new Error('sync');
    });
    await expect(registry.run()).resolves.toMatchObject({ ok: false });
  });

  it('shares one run between concurrent probes', async () => {
    const registry = new HealthRegistry();
    const check = jest.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));
    registry.register('postgres', check);
    await Promise.all([registry.run(), registry.run(), registry.run()]);
    expect(check).toHaveBeenCalledTimes(1);
    await registry.run();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('is ready with no dependencies and refuses duplicate names', async () => {
    const registry = new HealthRegistry();
    await expect(registry.run()).resolves.toEqual({ ok: true, dependencies: [] });
    registry.register('redis', async () => undefined);
    expect(() => registry.register('redis', async () => undefined)).toThrow(/already registered/);
  });
});

describe('HealthRegistry status transitions', () => {
  it('logs a dependency going down and coming back once, not on every probe', async () => {
    const logger = pino({ level: 'silent' });
    const warn = jest.spyOn(logger, 'warn');
    const info = jest.spyOn(logger, 'info');
    const registry = new HealthRegistry(logger);
    let up = true;
    registry.register('redis', async () => {
      if (!up) throw new Error('ECONNREFUSED');
    });
    await registry.run();
    up = false;
    await registry.run();
    await registry.run();
    up = true;
    await registry.run();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ dependency: 'redis', error: 'ECONNREFUSED' }),
      'dependency down',
    );
    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ dependency: 'redis' }),
      'dependency up again',
    );
  });
});

describe('withTimeout', () => {
  it('resolves in time and rejects with TimeoutError otherwise', async () => {
    await expect(withTimeout(Promise.resolve(1), 50, 'fast')).resolves.toBe(1);
    await expect(withTimeout(new Promise(() => undefined), 10, 'slow')).rejects.toBeInstanceOf(TimeoutError);
  });
});
