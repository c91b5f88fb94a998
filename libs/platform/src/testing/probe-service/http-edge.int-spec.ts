import { startProbe, type ProbeProcess } from './probe-process';
import { fetchWithTimeout } from '../service-under-test';
import { waitUntil } from '@shop/testing';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  traceId: string;
  errors?: { field: string; message: string }[];
}

// One error model with a trace id; W3C trace context; one
// registry with runtime and RED metrics, labelled by route template.
describe('probe service HTTP edge: problem details and metrics (P17, P20, P21, P22)', () => {
  let probe: ProbeProcess;

  beforeAll(async () => {
    probe = await startProbe();
    await probe.waitForReady();
  }, 60_000);
  afterAll(() => probe?.stop());

  async function problem(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; type: string | null; body: Problem }> {
    const response = await fetchWithTimeout(`${probe.httpUrl}${path}`, init);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Problem,
    };
  }

  const json = (body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

  it('renders a thrown AppError as problem+json with its code and a trace id', async () => {
    const { status, type, body } = await problem('/fail');
    expect(status).toBe(422);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toEqual({
      type: 'https://shop.example.com/problems/probe.not_allowed',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'the probe refuses this on purpose',
      instance: '/fail',
      code: 'PROBE.NOT_ALLOWED',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('answers a malformed JSON body with 400 problem+json', async () => {
    const { status, type, body } = await problem('/echo', json('{"name": '));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      status: 400,
      code: 'HTTP.MALFORMED_BODY',
      type: 'about:blank',
      instance: '/echo',
    });
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers an unknown route with 404 problem+json without echoing the query string', async () => {
    const { status, body } = await problem('/no/such/route?email=someone@example.com');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      code: 'HTTP.NOT_FOUND',
      instance: '/no/such/route',
      detail: 'No route matches GET /no/such/route',
    });
    expect(JSON.stringify(body)).not.toContain('someone@example.com');
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('lists field errors of an invalid body', async () => {
    const { status, body } = await problem('/echo', json('{"name":"","quantity":0}'));
    expect(status).toBe(400);
    expect(body.code).toBe('REQUEST.INVALID');
    expect(body.errors?.map((error) => error.field)).toEqual(['name', 'quantity']);
  });

  it('answers a body over the limit with 413', async () => {
    const { status, body } = await problem(
      '/echo',
      json(JSON.stringify({ name: 'x'.repeat(20_000), quantity: 1 })),
    );
    expect(status).toBe(413);
    expect(body.code).toBe('HTTP.PAYLOAD_TOO_LARGE');
  });

  it('hides an unexpected error behind a generic 500 and logs it with stack and the same trace id', async () => {
    const { status, body } = await problem('/boom');
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL');
    expect(body.detail).not.toContain('secret');
    const logged = await waitUntil(
      async () => probe.logs.find((line) => line['trace_id'] === body.traceId && line['level'] === 'error'),
      { timeoutMs: 2_000, description: 'the error log line' },
    );
    expect(logged).toMatchObject({ msg: 'request failed with an unexpected error', route: '/boom' });
    expect((logged['err'] as { stack: string }).stack).toContain('secret internal detail');
  });

  it("continues the caller's W3C trace (traceparent) and reports its trace id", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { body } = await problem('/fail', {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(body.traceId).toBe(traceId);
  });

  it('exposes runtime AND RED metrics in one registry, labelled by route template', async () => {
    for (const id of ['1234', '5678', '9999'])
      expect((await fetchWithTimeout(`${probe.httpUrl}/items/${id}`)).status).toBe(200);
    await fetchWithTimeout(`${probe.httpUrl}/nothing-here/42`);
    const metrics = await (await fetchWithTimeout(`${probe.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^nodejs_eventloop_delay_p99\{.*\} \d/m);
    expect(metrics).toMatch(/^v8js_memory_heap_used\{.*\} \d/m);
    expect(metrics).toMatch(
      /^http_server_duration_seconds_count\{method="GET",route="\/items\/:id",status_class="2xx".*\} [3-9]/m,
    );
    expect(metrics).toMatch(
      /^http_server_duration_seconds_count\{method="GET",route="unmatched",status_class="4xx"/m,
    );
    expect(metrics).toMatch(
      /^http_server_duration_seconds_count\{method="GET",route="\/fail",status_class="4xx"/m,
    );
    // No raw ids or paths in any label
    const labelSets = metrics.match(/\{[^}]*\}/g) ?? [];
    expect(labelSets.filter((labels) => /1234|5678|9999|nothing-here/.test(labels))).toEqual([]);
  });
});
