import pino from 'pino';
import { gracefulShutdown, type ShutdownSteps } from './graceful-shutdown';
import { ServiceLifecycle } from './service-lifecycle';

function steps(overrides: Partial<ShutdownSteps> = {}) {
  const order: string[] = [];
  const lifecycle = new ServiceLifecycle();
  lifecycle.markRunning();
  const record = (name: string) => async () => {
    order.push(`${name}:${lifecycle.phase}`);
  };
  const all: ShutdownSteps = {
    lifecycle,
    logger: pino({ level: 'silent' }),
    drainDelayMs: 0,
    timeoutMs: 1_000,
    stopServers: record('stopServers'),
    closeApp: record('closeApp'),
    closeTelemetryAndAdmin: record('closeTelemetryAndAdmin'),
    ...overrides,
  };
  return { all, order, lifecycle };
}

describe('gracefulShutdown (P01, P07, P19: the order matters)', () => {
  it('fails readiness, stops servers, closes the app, then telemetry and admin', async () => {
    const { all, order, lifecycle } = steps();
    await gracefulShutdown(all, 'SIGTERM');
    expect(order).toEqual(['stopServers:stopping', 'closeApp:stopping', 'closeTelemetryAndAdmin:stopped']);
    expect(lifecycle.phase).toBe('stopped');
  });

  it('keeps serving during the drain delay with readiness already failing', async () => {
    const { all, lifecycle } = steps({ drainDelayMs: 60 });
    const done = gracefulShutdown(all, 'SIGTERM');
    expect(lifecycle.phase).toBe('draining');
    expect(lifecycle.isAcceptingWork).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lifecycle.phase).toBe('draining');
    await done;
    expect(lifecycle.phase).toBe('stopped');
  });

  it('rejects when the sequence exceeds SHUTDOWN_TIMEOUT_MS', async () => {
    const { all } = steps({ timeoutMs: 50, stopServers: () => new Promise<void>(() => undefined) });
    await expect(gracefulShutdown(all, 'SIGTERM')).rejects.toThrow('graceful shutdown timed out after 50 ms');
  });
});
