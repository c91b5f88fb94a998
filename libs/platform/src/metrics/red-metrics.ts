import type { Histogram } from '@opentelemetry/api';
import { statusClass } from '../errors/status-mapping';
import { getMeter } from '../telemetry/meter';
import { DURATION_BUCKETS_SECONDS } from '../telemetry/metric-views';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The label of a request that matched no route: never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Rate/Errors/Duration of the service's own endpoints, in the same registry as
 * runtime metrics. Labels come from bounded sets only: method, route
 * template, status class; gRPC service, method, status name.
 */
export class RedMetrics {
  private readonly http: Histogram;
  private readonly rpc: Histogram;

  constructor(meter = getMeter('shop-platform')) {
    const advice = { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS };
    this.http = meter.createHistogram('http_server_duration_seconds', {
      description: 'Duration of HTTP requests served, by route template and status class.',
      unit: 's',
      advice,
    });
    this.rpc = meter.createHistogram('rpc_server_duration_seconds', {
      description: 'Duration of gRPC calls served, by service, method and status code.',
      unit: 's',
      advice,
    });
  }

  recordHttp(method: string, route: string | undefined, httpStatus: number, seconds: number): void {
    this.http.record(seconds, {
      method: KNOWN_METHODS.has(method) ? method : 'OTHER',
      route: route ?? UNMATCHED_ROUTE,
      status_class: statusClass(httpStatus),
    });
  }

  recordRpc(service: string, method: string, code: string, seconds: number): void {
    this.rpc.record(seconds, { service, method, code });
  }
}
