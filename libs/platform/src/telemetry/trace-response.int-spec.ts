import { startProbe, type ProbeProcess } from '../testing/probe-service/probe-process';
import { fetchWithTimeout } from '../testing/service-under-test';
import { TRACE_RESPONSE_HEADER } from './trace-response';
import { waitUntil } from '@shop/testing';

// Fixed ports below the ephemeral range (this suite's range: 22700-22799).
const ADMIN_PORT = 22700;
const HTTP_PORT = 22701;
const httpUrl = `http://127.0.0.1:${HTTP_PORT}`;
const TRACE_RESPONSE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

// Trace context and errors: a real service process (instrumented http server, Fastify hooks)
// names the trace of every response, so a client can open it in Jaeger.
describe('traceresponse on every HTTP response of a real service (P20)', () => {
  let probe: ProbeProcess;

  beforeAll(async () => {
    probe = await startProbe({ ADMIN_PORT: String(ADMIN_PORT), HTTP_PORT: String(HTTP_PORT) });
    // Any HTTP answer will do: readiness also waits for Kafka, which this test does not need.
    await waitUntil(
      async () => {
        if (probe.child.exitCode !== null) throw new Error(`probe exited: ${probe.stderr().slice(-2_000)}`);
        return fetchWithTimeout(`${httpUrl}/slow?ms=0`).then(
          (response) => response.status === 200,
          () => false,
        );
      },
      { timeoutMs: 30_000, description: 'the probe to answer HTTP' },
    );
  }, 40_000);

  afterAll(async () => {
    await probe?.stop('SIGKILL');
  });

  it('continues an incoming traceparent and answers with its own server span', async () => {
    const traceId = '6e0c63257de34c92bf9efcd03927272e';
    const callerSpanId = '00f067aa0ba902b7';
    const response = await fetchWithTimeout(`${httpUrl}/slow?ms=0`, {
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(response.status).toBe(200);
    const [, responseTraceId, serverSpanId] = TRACE_RESPONSE.exec(
      response.headers.get(TRACE_RESPONSE_HEADER) ?? '',
    ) ?? [undefined, undefined, undefined];
    expect(responseTraceId).toBe(traceId);
    // The server span, a child of the caller's span: not the caller's own id.
    expect(serverSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(serverSpanId).not.toBe(callerSpanId);
  });

  it('starts a new trace without one, and an error body carries the same trace id (P17)', async () => {
    const first = await fetchWithTimeout(`${httpUrl}/fail`);
    const second = await fetchWithTimeout(`${httpUrl}/no-such-route`);
    const ids = [first, second].map((response) => {
      const match = TRACE_RESPONSE.exec(response.headers.get(TRACE_RESPONSE_HEADER) ?? '');
      expect(match).not.toBeNull();
      return match?.[1];
    });
    expect(ids[0]).not.toBe(ids[1]);
    expect(first.status).toBe(422);
    expect(((await first.json()) as { traceId: string }).traceId).toBe(ids[0]);
    expect(second.status).toBe(404);
    expect(((await second.json()) as { traceId: string }).traceId).toBe(ids[1]);
  });
});
