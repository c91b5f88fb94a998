import {
  IDEMPOTENCY_KEY_HEADER_MAX_LENGTH,
  IDEMPOTENCY_KEY_HEADER_PATTERN,
} from '../orders/idempotency-key.header';
import type { HeaderObject, HeaderParameter, ProblemStatus, RouteProblem } from './api-operation.decorator';

// The parts of the document that are HTTP conventions of the gateway, not
// shapes of one route: problem+json errors, their headers, and the
// headers some successful responses carry.

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/** What each status means at this gateway; a route may name its own cause instead. */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemStatus, string>> = {
  400:
    'Invalid request: malformed JSON (`HTTP.MALFORMED_BODY`), wrong types, missing or unknown fields ' +
    '(`REQUEST.INVALID`, one `errors[]` entry per field), or a rule of the service (`*.INVALID_INPUT`).',
  401:
    'No access token, or an invalid or expired one (`AUTH.UNAUTHENTICATED`); `WWW-Authenticate` says ' +
    'which (RFC 6750). Refresh an expired token with POST /v1/auth/refresh.',
  403: 'The token is valid but lacks the required role (`AUTH.FORBIDDEN`).',
  404: 'Not found.',
  405:
    'The path exists, but not with this method (`HTTP.METHOD_NOT_ALLOWED`): `Allow` lists its methods. ' +
    'The answer to every method this document does not declare for a path.',
  409: 'Conflict with the current state.',
  413: 'The body is larger than the gateway accepts (`HTTP.PAYLOAD_TOO_LARGE`); refused before parsing.',
  415: 'The body is not `application/json` (`HTTP.UNSUPPORTED_MEDIA_TYPE`).',
  422: 'Well-formed, but the current state forbids it.',
  429:
    'Rate limited (`REQUEST.RATE_LIMITED`): too many requests from this IP address or user, or too ' +
    'many login or registration attempts (token buckets in Redis). Retry after `Retry-After` seconds.',
  431:
    'The request headers are too large: 16 KiB at most, the request line included (`HTTP.HEADERS_TOO_LARGE`). ' +
    'Refused before routing, so the `instance` of the problem is empty.',
  500: 'Unexpected error (`INTERNAL`): quote the `traceId` when reporting it.',
  503:
    'Temporarily unavailable: a service behind the gateway is down (`UPSTREAM.UNAVAILABLE`), the ' +
    'token keys are not loaded yet (`AUTH.KEYS_UNAVAILABLE`) or this replica is shutting down ' +
    '(`SERVICE.SHUTTING_DOWN`, with `Retry-After`). Retry with backoff.',
  504: 'A service did not answer within its deadline (`UPSTREAM.DEADLINE_EXCEEDED`).',
};

export const HEADERS = {
  retryAfter: {
    description: 'Seconds to wait before retrying (RFC 9110 section 10.2.3).',
    schema: { type: 'integer', minimum: 0 },
  },
  rateLimit: {
    description:
      'What is left of each limit that applied, e.g. `"ip";r=0;t=2` (IETF httpapi RateLimit header fields draft).',
    schema: { type: 'string' },
  },
  rateLimitPolicy: {
    description: 'The limits that applied, e.g. `"ip";q=5000;w=1`: q requests per w seconds.',
    schema: { type: 'string' },
  },
  allow: {
    description: 'The methods the path has, e.g. `GET, HEAD` (RFC 9110 section 10.2.1).',
    schema: { type: 'string' },
  },
  wwwAuthenticate: {
    description:
      'The Bearer challenge (RFC 6750 section 3), e.g. `Bearer realm="shop", error="invalid_token"`.',
    schema: { type: 'string' },
  },
  location: (template: string): HeaderObject => ({
    description: `The created resource: \`${template}\`.`,
    schema: { type: 'string', format: 'uri-reference' },
  }),
  noStore: {
    description: '`no-store`: tokens are never cached (RFC 6749 section 5.1).',
    schema: { type: 'string', const: 'no-store' },
  },
  etag: {
    description: 'A strong validator of the content: send it back in `If-None-Match` to revalidate.',
    schema: { type: 'string' },
  },
  idempotentReplayed: {
    description:
      'Present (`true`) when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', const: 'true' },
  },
} satisfies Record<string, HeaderObject | ((template: string) => HeaderObject)>;

export const idempotencyKeyHeader: HeaderParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'A unique key per order, e.g. a UUID: 1-255 visible ASCII characters, sent as a structured-field ' +
    'string (`"8e03978e-..."`, IETF httpapi Idempotency-Key draft) or bare. Missing: 400. Retrying with the same key and the same body answers the ' +
    'original 202 and body (with `Idempotent-Replayed: true`), never a second order; the same key with ' +
    'a different body is 422; a retry while the first request is still in flight is 409 with `Retry-After`. Keys are ' +
    'scoped per user and kept at least 24 hours.',
  // idempotency-key.header.ts reads it; the order service's rule is visible ASCII, no spaces.
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: IDEMPOTENCY_KEY_HEADER_MAX_LENGTH,
    pattern: IDEMPOTENCY_KEY_HEADER_PATTERN,
  },
};

/** components.responses names of the generic problem responses. */
const PROBLEM_RESPONSE_NAMES: Readonly<Record<ProblemStatus, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'ContentTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The generic problem responses, for components.responses. */
export const problemComponents = () =>
  Object.fromEntries(
    (Object.keys(PROBLEM_RESPONSE_NAMES) as unknown as ProblemStatus[]).map((status) => [
      PROBLEM_RESPONSE_NAMES[status],
      problemResponse(Number(status) as ProblemStatus, PROBLEM_DESCRIPTIONS[status]),
    ]),
  );

/** A route's error response: the generic one by $ref, or its own description of the cause. */
export function routeProblem(status: ProblemStatus, problem?: RouteProblem) {
  if (problem === undefined) return { $ref: `#/components/responses/${PROBLEM_RESPONSE_NAMES[status]}` };
  if (typeof problem === 'string') return problemResponse(status, problem);
  return problemResponse(status, problem.description, { retryAfter: problem.retryAfter });
}

/** A problem+json response: the Problem schema, with the headers its status (or its cause) carries. */
export function problemResponse(
  status: ProblemStatus,
  description: string,
  options: { retryAfter?: true } = {},
) {
  const headers: Record<string, HeaderObject> = {};
  if (options.retryAfter) headers['Retry-After'] = { ...HEADERS.retryAfter, required: true };
  if (status === 401) headers['WWW-Authenticate'] = { ...HEADERS.wwwAuthenticate, required: true };
  if (status === 405) headers['Allow'] = { ...HEADERS.allow, required: true };
  if (status === 429) {
    headers['Retry-After'] = { ...HEADERS.retryAfter, required: true };
    headers['RateLimit'] = HEADERS.rateLimit;
    headers['RateLimit-Policy'] = HEADERS.rateLimitPolicy;
  }
  if (status === 503) headers['Retry-After'] = HEADERS.retryAfter;
  return {
    description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
  };
}
