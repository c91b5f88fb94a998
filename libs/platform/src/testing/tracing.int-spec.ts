import { connectGrpcClient } from '../grpc/connect-grpc-client';
import { startFakeCollector } from './fake-otlp-collector';
import { startGrpcProbe } from './grpc-probe/grpc-probe-process';
import { PROBE_TARGET, type ProbeServiceClient } from './grpc-probe/probe-contract';
import { startProbe } from './probe-service/probe-process';
import { fetchWithTimeout } from './service-under-test';

// W3C trace context end to end; every instrumented library (http, pg,
// ioredis, grpc) joins the caller's trace; export only when an endpoint is set.
describe('distributed tracing exported over OTLP/HTTP (P20)', () => {
  it('continues an incoming traceparent through HTTP, Postgres and Redis spans', async () => {
    const collector = await startFakeCollector();
    const probe = await startProbe({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      await probe.waitForReady();
      const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
      const response = await fetchWithTimeout(`${probe.httpUrl}/items/1`, {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      expect(response.status).toBe(200);
      expect(await probe.stop()).toBe(0); // shutdown flushes pending spans
      const trace = collector.spans.filter((span) => span.traceId === traceId);
      expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['probe']));
      const server = trace.find((span) => span.kind === 2);
      expect(server).toMatchObject({ name: 'GET /items/:id', parentSpanId: '00f067aa0ba902b7' });
      expect(server?.attributes['http.route']).toBe('/items/:id');
      const children = trace.filter((span) => span.parentSpanId === server?.spanId);
      const systems = children.map(
        (span) => span.attributes['db.system.name'] ?? span.attributes['db.system'],
      );
      expect(systems).toEqual(expect.arrayContaining(['postgresql', 'redis']));
      // Probes and scrapes on the admin port create no spans
      expect(
        collector.spans.some((span) => String(span.attributes['url.path'] ?? '').includes('readyz')),
      ).toBe(false);
    } finally {
      await probe.stop('SIGKILL');
      await collector.close();
    }
  }, 60_000);

  it('links gRPC client and server spans of every hop into one trace', async () => {
    const collector = await startFakeCollector();
    const probe = await startGrpcProbe({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const { client, close } = connectGrpcClient<ProbeServiceClient>(probe.grpcUrl, PROBE_TARGET, 2_000);
    try {
      await probe.waitForReady();
      await client.relay({ sleepMs: 1 });
      expect(await probe.stop()).toBe(0);
      const relay = collector.spans.find(
        (span) => span.name === 'grpc.shop.probe.v1.ProbeService/Relay' && span.kind === 2,
      );
      expect(relay).toBeDefined();
      const sameTrace = collector.spans.filter((span) => span.traceId === relay?.traceId);
      const sleepServer = sameTrace.find((span) => span.name.endsWith('/Sleep') && span.kind === 2);
      const sleepClient = sameTrace.find((span) => span.name.endsWith('/Sleep') && span.kind === 3);
      expect(sleepClient?.parentSpanId).toBe(relay?.spanId);
      expect(sleepServer?.parentSpanId).toBe(sleepClient?.spanId);
    } finally {
      close();
      await probe.stop('SIGKILL');
      await collector.close();
    }
  }, 60_000);
});
