import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';

/** Seconds; covers a 5 ms cache hit up to a 10 s timeout. Shared by the RED histograms. */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Views applied to every instrument of the service's single registry.
 * The HTTP instrumentation's own server/client duration histograms are dropped:
 * `http_server_duration_seconds` (ours) labels by route template and status
 * class only, whereas the instrumentation adds per-host/per-port attributes and,
 * for clients, any peer address, which is not a bounded set.
 */
export const METRIC_VIEWS: ViewOptions[] = [
  { instrumentName: 'http.server.request.duration', aggregation: { type: AggregationType.DROP } },
  { instrumentName: 'http.client.request.duration', aggregation: { type: AggregationType.DROP } },
  { instrumentName: 'http.server.duration', aggregation: { type: AggregationType.DROP } },
  { instrumentName: 'http.client.duration', aggregation: { type: AggregationType.DROP } },
];
