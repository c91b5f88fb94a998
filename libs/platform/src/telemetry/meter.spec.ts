import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createInstruments } from './meter';

describe('createInstruments', () => {
  it('creates each row of the table under its exported name, with its description and buckets', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const meter = new MeterProvider({ readers: [exporter] }).getMeter('test');
    const metric = createInstruments(
      {
        sent: { counter: 'things_sent_total', description: 'Things sent' },
        duration: {
          histogram: 'thing_duration_seconds',
          description: 'Time per thing',
          unit: 's',
          buckets: [1, 5],
        },
      },
      meter,
    );

    metric.sent.add(2, { kind: 'a' });
    metric.duration.record(3, { kind: 'a' });

    const { resourceMetrics } = await exporter.collect();
    const text = new PrometheusSerializer().serialize(resourceMetrics);
    expect(text).toContain('# HELP things_sent_total Things sent');
    expect(text).toMatch(/things_sent_total\{kind="a"[^}]*\} 2/);
    expect(text).toContain('# HELP thing_duration_seconds Time per thing');
    expect(text).toMatch(/thing_duration_seconds_bucket\{kind="a"[^}]*le="1"\} 0/);
    expect(text).toMatch(/thing_duration_seconds_bucket\{kind="a"[^}]*le="5"\} 1/);
  });
});
