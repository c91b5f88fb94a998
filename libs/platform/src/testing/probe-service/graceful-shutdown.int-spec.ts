import { once } from 'node:events';
import { connect } from 'node:net';
import { startProbe, type ProbeProcess } from './probe-process';
import { fetchWithTimeout } from '../service-under-test';
import { waitUntil } from '@shop/testing';

async function statusOrRefused(url: string): Promise<number | 'refused'> {
  try {
    return (await fetchWithTimeout(url)).status;
  } catch {
    return 'refused';
  }
}

// Readiness fails the moment shutdown starts; in-flight work finishes,
// new work is refused, the process exits 0 within SHUTDOWN_TIMEOUT_MS.
describe('graceful shutdown of a real process (P01, P07, P19)', () => {
  let probe: ProbeProcess | undefined;
  afterEach(async () => {
    await probe?.stop('SIGKILL');
    probe = undefined;
  });

  it('finishes an in-flight request, flips readiness at once, refuses new work and exits 0', async () => {
    probe = await startProbe({ SHUTDOWN_TIMEOUT_MS: '5000' });
    await probe.waitForReady();
    const inFlight = fetchWithTimeout(`${probe.httpUrl}/slow?ms=1500`, {}, 10_000);
    await waitUntil(async () => probe?.logs.length, { timeoutMs: 1_000, description: 'logs' });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the request reach the handler
    const signalledAt = Date.now();
    probe.child.kill('SIGTERM');

    await waitUntil(async () => (await statusOrRefused(`${probe?.adminUrl}/readyz`)) === 503, {
      timeoutMs: 500,
      intervalMs: 10,
      description: '/readyz 503 right after SIGTERM',
    });
    const flippedAfterMs = Date.now() - signalledAt;
    expect(flippedAfterMs).toBeLessThan(500);

    const newRequest = await statusOrRefused(`${probe.httpUrl}/items/1`);
    expect([503, 'refused']).toContain(newRequest);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sleptMs: 1500 });

    expect(await probe.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    const messages = probe.logs.map((line) => line['msg']);
    expect(messages).toEqual(
      expect.arrayContaining([
        'shutdown started; readiness now failing',
        'database pool closed',
        'shutdown complete',
      ]),
    );
  }, 30_000);

  it('keeps serving during the drain delay, with readiness failing and connection: close', async () => {
    probe = await startProbe({ SHUTDOWN_DRAIN_DELAY_MS: '1500' });
    await probe.waitForReady();
    probe.child.kill('SIGTERM');
    await waitUntil(async () => (await statusOrRefused(`${probe?.adminUrl}/readyz`)) === 503, {
      timeoutMs: 500,
      intervalMs: 10,
      description: '/readyz 503 during the drain delay',
    });
    const during = await fetchWithTimeout(`${probe.httpUrl}/items/7`);
    expect(during.status).toBe(200);
    expect(during.headers.get('connection')).toBe('close');
    expect(await probe.exited).toBe(0);
  }, 30_000);

  // A client's or a proxy's pool opens connections ahead of need. Node counts one that never
  // sent a request as busy, not idle, so server.close() alone would wait for it until the
  // shutdown timeout, and fail the whole shutdown.
  it('does not wait for a connection that never sent a request: exits 0, the connection closed', async () => {
    probe = await startProbe({ SHUTDOWN_TIMEOUT_MS: '5000' });
    await probe.waitForReady();
    const { hostname, port } = new URL(probe.httpUrl);
    const unused = connect(Number(port), hostname);
    await once(unused, 'connect');
    const closedByServer = once(unused, 'close');

    probe.child.kill('SIGTERM');
    expect(await probe.exited).toBe(0);
    await closedByServer;
    expect(probe.logs.map((line) => line['msg'])).toContain('shutdown complete');
  }, 30_000);

  it('exits 1 when in-flight work outlives SHUTDOWN_TIMEOUT_MS', async () => {
    probe = await startProbe({ SHUTDOWN_TIMEOUT_MS: '800' });
    await probe.waitForReady();
    const inFlight = fetchWithTimeout(`${probe.httpUrl}/slow?ms=5000`, {}, 10_000).catch(
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = Date.now();
    probe.child.kill('SIGTERM');
    expect(await probe.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    expect(probe.logs.map((line) => line['msg'])).toContain('graceful shutdown failed; exiting');
    await inFlight;
  }, 30_000);
});
