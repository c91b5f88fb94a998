import { Writable } from 'node:stream';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import { baseConfigSchema } from '../config/config-schema';
import { HealthRegistry } from '../health/health-registry';
import { freePort } from '../testing/service-under-test';
import { runService } from './run-service';
import { APP_CONFIG, LOGGER } from './tokens';

const events: string[] = [];

@Injectable()
class Worker implements OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) readonly config: { SERVICE_NAME: string; QUEUE: string },
    @Inject(LOGGER) readonly logger: unknown,
    readonly health: HealthRegistry,
  ) {
    health.register('queue', async () => undefined);
  }
  onApplicationShutdown(): void {
    events.push('worker closed');
  }
}

@Module({ providers: [Worker] })
class WorkerModule {}

const schema = baseConfigSchema.extend({ QUEUE: z.string().min(1) });

function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((line) => lines.push(JSON.parse(line)));
      callback();
    },
  });
  return { lines, stream };
}

describe('runService (in-process, worker without HTTP/gRPC)', () => {
  it('boots with global platform providers, serves the admin port and shuts down in order', async () => {
    const adminPort = await freePort();
    const { lines, stream } = logSink();
    const handle = await runService({
      name: 'worker',
      configSchema: schema,
      module: WorkerModule,
      env: { ADMIN_PORT: String(adminPort), BIND_HOST: '127.0.0.1', QUEUE: 'jobs' },
      logDestination: stream,
      manageProcess: false,
    });
    const worker = handle.app.get(Worker);
    expect(worker.config).toMatchObject({ SERVICE_NAME: 'worker', QUEUE: 'jobs' });
    expect(worker.health).toBe(handle.app.get(HealthRegistry));
    expect((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status).toBe(200);
    expect(lines.find((line) => line['msg'] === 'service started')).toMatchObject({
      service: 'worker',
      ports: { admin: adminPort },
    });

    await handle.shutdown('test');
    expect(events).toEqual(['worker closed']);
    expect(handle.lifecycle.phase).toBe('stopped');
    await expect(fetch(`http://127.0.0.1:${adminPort}/livez`)).rejects.toThrow();
  });

  it('rejects a misconfigured start naming the variable (P25)', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(
        runService({
          name: 'worker',
          configSchema: schema,
          module: WorkerModule,
          env: { ADMIN_PORT: '1' },
          manageProcess: false,
        }),
      ).rejects.toThrow('would exit with code 1');
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain(
        'QUEUE: is required but not set',
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it('refuses an HTTP service whose schema has no HTTP_PORT', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(
        runService({
          name: 'gateway',
          configSchema: schema,
          module: WorkerModule,
          http: {},
          env: { ADMIN_PORT: '1', QUEUE: 'q' },
          manageProcess: false,
        }),
      ).rejects.toThrow();
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain('HTTP_PORT: is required');
    } finally {
      stderr.mockRestore();
    }
  });
});
