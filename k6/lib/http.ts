import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Rate } from 'k6/metrics';
import { BASE_URL } from './env.ts';
import { SLO_THRESHOLDS } from './slo-thresholds.ts';

// Every request of the scenarios goes through send(): tagged by its route TEMPLATE
// (`name: /v1/orders/:orderId`, never the concrete path: bounded tags) and by the SLO the
// route belongs to (`slo: order-status`), which the thresholds select on. It also feeds
// http_req_server_errors: no answer or a 5xx, the load-side twin of the availability SLI
// (k6's http_req_failed also counts the 4xx a route does not expect).

export interface ShopRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** The concrete path with ids and query: `/v1/orders/3f2c...`. */
  path: string;
  /** The route template, a bounded tag: `/v1/orders/:orderId`. */
  route: string;
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Statuses that count as success for http_req_failed (default 200-399). */
  expected?: number[];
  tags?: Record<string, string>;
}

export type ShopResponse = RefinedResponse<ResponseType | undefined>;

const serverErrors = new Rate('http_req_server_errors');

export async function send(request: ShopRequest): Promise<ShopResponse> {
  const slo = SLO_THRESHOLDS.routes[`${request.method} ${request.route}`];
  const tags: Record<string, string> = { ...request.tags, name: request.route, ...(slo ? { slo } : {}) };
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const res = await http.asyncRequest(
    request.method,
    `${BASE_URL}${request.path}`,
    request.json === undefined ? null : JSON.stringify(request.json),
    {
      headers,
      tags,
      timeout: '10s',
      ...(request.expected ? { responseCallback: http.expectedStatuses(...request.expected) } : {}),
    },
  );
  serverErrors.add(res.status === 0 || res.status >= 500, { ...tags, method: request.method });
  return res;
}

/** The body as JSON, or undefined when it is not JSON (k6's res.json() throws). */
export function jsonOf<T>(res: ShopResponse): T | undefined {
  try {
    return typeof res.body === 'string' ? (JSON.parse(res.body) as T) : undefined;
  } catch {
    return undefined;
  }
}
