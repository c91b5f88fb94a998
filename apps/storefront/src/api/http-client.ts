import { pathOf, type ApiRoute } from './api-routes';
import { toApiProblem } from './problem';

export interface CallOptions {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | undefined>>;
  body?: unknown;
  /** The access token; sent as `Authorization: Bearer ...`. */
  token?: string | null;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

export interface ApiResponse<Body> {
  status: number;
  headers: Headers;
  body: Body;
}

/**
 * The one place the storefront calls `fetch`: a row of API_ROUTES, on this
 * origin (the gateway serves the page, so no CORS). A failed call throws an
 * ApiProblem built from the problem+json body and its Retry-After.
 */
export async function callApi<Body>(route: ApiRoute, options: CallOptions = {}): Promise<ApiResponse<Body>> {
  const response = await fetch(urlOf(route, options), requestInit(route, options));
  const body: unknown = response.status === 204 ? undefined : await readJson(response);
  if (!response.ok) throw toApiProblem(response.status, body, response.headers.get('retry-after'));
  return { status: response.status, headers: response.headers, body: body as Body };
}

/** The raw response, for the event stream (read as it arrives, not as JSON). */
export const openApiStream = (route: ApiRoute, options: CallOptions): Promise<Response> =>
  fetch(urlOf(route, options), requestInit(route, options));

function urlOf(route: ApiRoute, { params, query }: CallOptions): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const path = pathOf(route, params);
  return search.size > 0 ? `${path}?${search}` : path;
}

function requestInit(route: ApiRoute, { body, token, headers, signal }: CallOptions): RequestInit {
  return {
    method: route.method,
    headers: {
      accept: 'application/json, application/problem+json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { title: text.slice(0, 200) }; // e.g. a proxy's HTML error page
  }
}
