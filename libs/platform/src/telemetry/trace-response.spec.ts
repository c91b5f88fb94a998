import { INVALID_SPANID, INVALID_TRACEID, TraceFlags } from '@opentelemetry/api';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { installHttpHooks } from '../bootstrap/http-hooks';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import type { RedMetrics } from '../metrics/red-metrics';
import { currentTraceResponse, formatTraceResponse, TRACE_RESPONSE_HEADER } from './trace-response';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('traceresponse header (W3C Trace Context Level 2, P20)', () => {
  it('formats the span context like a traceparent', () => {
    expect(formatTraceResponse({ traceId, spanId, traceFlags: TraceFlags.SAMPLED })).toBe(
      `00-${traceId}-${spanId}-01`,
    );
    expect(formatTraceResponse({ traceId, spanId, traceFlags: TraceFlags.NONE })).toBe(
      `00-${traceId}-${spanId}-00`,
    );
  });

  it('gives nothing for a missing or invalid span context', () => {
    expect(formatTraceResponse(undefined)).toBeUndefined();
    expect(
      formatTraceResponse({ traceId: INVALID_TRACEID, spanId: INVALID_SPANID, traceFlags: 0 }),
    ).toBeUndefined();
    expect(formatTraceResponse({ traceId: 'not-hex', spanId, traceFlags: 1 })).toBeUndefined();
    // No SDK and no active span in a unit test.
    expect(currentTraceResponse()).toBeUndefined();
  });

  it('the HTTP hooks add no header outside a traced request (the real one: trace-response.int-spec)', async () => {
    const fastify = new FastifyAdapter({ logger: false }).getInstance();
    const lifecycle = new ServiceLifecycle();
    lifecycle.markRunning();
    installHttpHooks(fastify, lifecycle, { recordHttp: () => undefined } as unknown as RedMetrics);
    fastify.get('/ping', async () => ({ ok: true }));
    const response = await fastify.inject({ method: 'GET', url: '/ping' });
    expect(response.statusCode).toBe(200);
    expect(response.headers[TRACE_RESPONSE_HEADER]).toBeUndefined();
    await fastify.close();
  });
});
