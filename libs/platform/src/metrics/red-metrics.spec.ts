import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { RedMetrics } from './red-metrics';

async function scrape(exporter: PrometheusExporter): Promise<string> {
  const { resourceMetrics } = await exporter.collect();
  const { PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
  return new PrometheusSerializer().serialize(resourceMetrics);
}

describe('RedMetrics (P21 bounded labels, P22 one registry)', () => {
  let exporter: PrometheusExporter;
  let provider: MeterProvider;
  let metrics: RedMetrics;

  beforeEach(() => {
    exporter = new PrometheusExporter({ preventServerStart: true });
    provider = new MeterProvider({ readers: [exporter] });
    metrics = new RedMetrics(provider.getMeter('test'));
  });
  afterEach(() => provider.shutdown());

  it('labels HTTP durations by method, route template and status class only', async () => {
    metrics.recordHttp('GET', '/v1/orders/:orderId', 200, 0.012);
    metrics.recordHttp('GET', '/v1/orders/:orderId', 204, 0.02);
    metrics.recordHttp('POST', '/v1/orders', 503, 0.3);
    const text = await scrape(exporter);
    expect(text).toContain(
      'http_server_duration_seconds_count{method="GET",route="/v1/orders/:orderId",status_class="2xx",otel_scope_name="test"} 2',
    );
    expect(text).toContain(
      'http_server_duration_seconds_count{method="POST",route="/v1/orders",status_class="5xx",otel_scope_name="test"} 1',
    );
    expect(text).toContain(
      'http_server_duration_seconds_bucket{method="POST",route="/v1/orders",status_class="5xx",otel_scope_name="test",le="0.5"} 1',
    );
  });

  it('collapses unmatched routes and unknown methods so raw input never becomes a label', async () => {
    metrics.recordHttp('GET', undefined, 404, 0.001);
    metrics.recordHttp('PROPFIND', undefined, 404, 0.001);
    const text = await scrape(exporter);
    expect(text).toContain('route="unmatched"');
    expect(text).toContain('method="OTHER"');
    expect(text).not.toContain('PROPFIND');
  });

  it('labels gRPC durations by service, method and status name', async () => {
    metrics.recordRpc('shop.user.v1.UserService', 'GetUser', 'NOT_FOUND', 0.004);
    expect(await scrape(exporter)).toContain(
      'rpc_server_duration_seconds_count{service="shop.user.v1.UserService",method="GetUser",code="NOT_FOUND",otel_scope_name="test"} 1',
    );
  });
});
