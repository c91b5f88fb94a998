import { currentIteration, never, sampleTags } from './iteration.ts';

// The runner's `k6/http`: the asynchronous API only (http.asyncRequest), the subset k6/README.md
// names. It follows k6's "HTTP requests" and "Response" pages: built-in metrics http_reqs,
// http_req_duration (ms) and http_req_failed (a Rate of responses outside expectedStatuses,
// default 200-399), tagged method, status, name (the URL unless the script names it), scenario,
// group and expected_response; response headers under Go's canonical names (`Content-Type`);
// status 0 and `error`/`error_code` when no response arrived. Unlike k6 it does not tag `url`:
// every sample is kept in an HDR histogram per tag set, so tags must stay bounded.

/** What `http.expectedStatuses()` returns: k6 treats it as an opaque callback. */
export interface ExpectedStatuses {
  readonly expected: (status: number) => boolean;
}

interface RequestParams {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  /** k6 default 60s; a number is milliseconds. */
  timeout?: string | number;
  responseCallback?: ExpectedStatuses;
}

export interface Response {
  status: number;
  body: string;
  headers: Record<string, string>;
  url: string;
  error: string;
  /** k6's error codes: 1050 request timeout, 1000 any other failure without a response. */
  error_code: number;
  timings: { duration: number };
  json(): unknown;
}

const DEFAULT_EXPECTED = (status: number) => status >= 200 && status <= 399;
const DEFAULT_TIMEOUT_MS = 60_000;

export function expectedStatuses(...accepted: (number | { min: number; max: number })[]): ExpectedStatuses {
  return {
    expected: (status) =>
      accepted.some((a) => (typeof a === 'number' ? a === status : status >= a.min && status <= a.max)),
  };
}

/** `content-type` -> `Content-Type`, as Go's http.CanonicalHeaderKey (k6 is written in Go). */
export const canonicalHeaderKey = (key: string): string =>
  key
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');

function timeoutMs(timeout: string | number | undefined): number {
  if (timeout === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeout === 'number') return timeout;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(timeout);
  if (!match) throw new Error(`invalid request timeout "${timeout}"`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

/** A string body is sent as is; an object as a form, as k6 does. */
const encodeBody = (body: unknown): string | undefined =>
  body === null || body === undefined
    ? undefined
    : typeof body === 'string'
      ? body
      : new URLSearchParams(body as Record<string, string>).toString();

export async function asyncRequest(
  method: string,
  url: string,
  body?: unknown,
  params: RequestParams = {},
): Promise<Response> {
  const context = currentIteration('http.asyncRequest');
  if (context.signal.aborted) return never();
  // The iteration's first request counts from when the iteration was due: time lost to a busy
  // event loop before it started, like time waiting for a free connection, is latency a user
  // would see. (Think time the script spends before its first request is not.)
  const measureFrom = performance.now() - (context.firstRequestSent ? 0 : context.startLagMs);
  context.firstRequestSent = true;
  const headers: Record<string, string> = { 'user-agent': 'shop-load-runner', ...params.headers };
  const encoded = encodeBody(body);
  if (encoded !== undefined && typeof body !== 'string')
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  const sent = context.transport.send({
    method: method.toUpperCase(),
    url: new URL(url),
    headers,
    body: encoded,
    timeoutMs: timeoutMs(params.timeout),
    signal: context.signal,
  });
  const answer = await sent.catch((error: unknown) =>
    context.signal.aborted ? never<never>() : Promise.reject(error),
  );
  const duration = performance.now() - measureFrom;
  const expected = (params.responseCallback?.expected ?? DEFAULT_EXPECTED)(answer.status);
  const tags = sampleTags(context, {
    name: url,
    ...params.tags,
    method: method.toUpperCase(),
    status: String(answer.status),
    expected_response: String(expected),
  });
  context.registry.addCounter('http_reqs', 1, tags);
  context.registry.addTrend('http_req_duration', duration, tags);
  context.registry.addRate('http_req_failed', !expected, tags);
  const responseHeaders = Object.fromEntries(
    Object.entries(answer.headers).map(([key, value]) => [canonicalHeaderKey(key), value]),
  );
  return {
    status: answer.status,
    body: answer.body,
    headers: responseHeaders,
    url,
    error: answer.error?.message ?? '',
    error_code: answer.error ? (answer.error.timedOut ? 1050 : 1000) : 0,
    timings: { duration },
    // k6's json() throws on a body that is not JSON; so does this.
    json: () => JSON.parse(answer.body) as unknown,
  };
}

/** The synchronous calls block a VU's runtime in k6; one Node process cannot block. */
const notInSubset = (name: string) => () => {
  throw new Error(
    `http.${name}() is not in the runner's subset: use await http.asyncRequest() (k6/README.md)`,
  );
};

export const request = notInSubset('request');
export const get = notInSubset('get');
export const post = notInSubset('post');
export const put = notInSubset('put');
export const del = notInSubset('del');
export const batch = notInSubset('batch');

export default { asyncRequest, expectedStatuses, request, get, post, put, del, batch };
