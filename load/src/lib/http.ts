import { Pool } from 'undici';
import type { MetricRegistry, Tags } from './metrics.ts';

// HTTP for scenarios, over one undici connection pool per target (P07: one long-lived client,
// bounded connections, every call with a deadline: P02). Every request records k6's built-in
// metrics, tagged by route TEMPLATE (`/v1/orders/:orderId`), never the concrete path:
//   http_reqs (counter), http_req_duration (trend, ms), http_req_failed (rate: transport error
//   or unexpected status), plus http_req_server_errors (rate: transport error or 5xx), the
//   load-side twin of the availability SLI.

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The concrete path with ids and query: `/v1/orders/3f2c...`. */
  path: string;
  /** The route template, a bounded tag: `/v1/orders/:orderId`. */
  route: string;
  /** Serialised as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Statuses that count as success for http_req_failed (default 200-399). */
  expectedStatuses?: number[];
  tags?: Tags;
  timeoutMs?: number;
}

export interface HttpResponse {
  /** 0 when no response arrived (connection refused, timeout...). */
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  /** The transport error, when status is 0. */
  error?: string;
  /** The latency recorded for this request (ms). */
  durationMs: number;
  json<T = Record<string, unknown>>(): T | undefined;
}

export interface HttpTarget {
  readonly baseUrl: URL;
  readonly pool: Pool;
}

export function createTarget(baseUrl: string, connections: number): HttpTarget {
  const url = new URL(baseUrl);
  return {
    baseUrl: url,
    pool: new Pool(url.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: 5_000 },
    }),
  };
}

const parseJson = <T>(body: string): T | undefined => {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
};

/** Thrown into an iteration whose request was cut by gracefulStop: it is counted as interrupted only. */
export class IterationInterrupted extends Error {
  constructor() {
    super('iteration interrupted by gracefulStop');
    this.name = 'IterationInterrupted';
  }
}

export interface RequestContext {
  registry: MetricRegistry;
  target: HttpTarget;
  /** Tags added to every sample: scenario, plus the scenario's own. */
  baseTags: Tags;
  /** "GET /v1/orders" -> SLO id: the `slo` tag that SLO thresholds select on. */
  sloRoutes: Record<string, string>;
  signal: AbortSignal;
  defaultTimeoutMs: number;
}

/**
 * Sends one request and records it. `measureFrom` is when the request SHOULD have started: for
 * an iteration's first request, the scheduled start, so time lost waiting for a free connection
 * or a busy event loop counts as latency, as a user would see it (no coordinated omission).
 */
export async function send(
  ctx: RequestContext,
  spec: RequestSpec,
  measureFrom: number,
): Promise<HttpResponse> {
  const prefix = ctx.target.baseUrl.pathname.replace(/\/$/, '');
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  let body: string | undefined;
  if (spec.json !== undefined) {
    body = JSON.stringify(spec.json);
    headers['content-type'] = 'application/json';
  }
  let status = 0;
  let responseHeaders: Record<string, string | undefined> = {};
  let text = '';
  let error: string | undefined;
  try {
    const response = await ctx.target.pool.request({
      method: spec.method,
      path: prefix + spec.path,
      headers,
      body,
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(spec.timeoutMs ?? ctx.defaultTimeoutMs)]),
    });
    text = await response.body.text();
    status = response.statusCode;
    responseHeaders = Object.fromEntries(
      Object.entries(response.headers).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
  } catch (caught) {
    // Interrupted by the run (gracefulStop), not failed by the system: not a sample.
    if (ctx.signal.aborted) throw new IterationInterrupted();
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const durationMs = performance.now() - measureFrom;
  const slo = ctx.sloRoutes[`${spec.method} ${spec.route}`];
  const tags: Tags = {
    ...ctx.baseTags,
    ...spec.tags,
    method: spec.method,
    route: spec.route,
    status: String(status),
    ...(slo ? { slo } : {}),
  };
  const expected = spec.expectedStatuses ?? [];
  const failed = status === 0 || (expected.length > 0 ? !expected.includes(status) : status >= 400);
  ctx.registry.addCounter('http_reqs', 1, tags);
  ctx.registry.addTrend('http_req_duration', durationMs, tags);
  ctx.registry.addRate('http_req_failed', failed, tags);
  ctx.registry.addRate('http_req_server_errors', status === 0 || status >= 500, tags);
  return {
    status,
    headers: responseHeaders,
    body: text,
    error,
    durationMs,
    json: <T>() => parseJson<T>(text),
  };
}
