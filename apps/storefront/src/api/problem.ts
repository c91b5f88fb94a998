/**
 * RFC 9457 problem details as the gateway sends them (`application/problem+json`):
 * a stable `code`, a `traceId` to quote, field `errors` on a 400. An ApiProblem is
 * what every failed call throws, so each page shows the server's own words.
 */
export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  traceId?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiProblem extends Error {
  constructor(
    readonly problem: ProblemBody,
    /** Seconds from the `Retry-After` header (409 in progress, 429 rate limited, 503), when sent. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message for one request field, e.g. `email` or `lines.0.quantity`. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

/** Builds the problem of a failed response; a body that is not problem+json still gets its status. */
export function toApiProblem(status: number, body: unknown, retryAfter: string | null): ApiProblem {
  const problem: ProblemBody =
    typeof body === 'object' && body !== null ? { ...(body as ProblemBody), status } : { status };
  return new ApiProblem(problem, parseRetryAfter(retryAfter));
}

/** `Retry-After` is delay-seconds or an HTTP date (RFC 9110 10.2.3); both become seconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
