import { STATUS_CODES } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { AppError } from './app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Base of the `type` URI of application errors; the code names the page (RFC 9457 section 3.1.1). */
export const PROBLEM_TYPE_BASE = 'https://shop.example.com/problems/';

/** RFC 9457 problem details plus the system's `code`, `traceId` and field `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  traceId: string;
  errors?: { field: string; message: string }[];
}

export function toProblemDetails(error: AppError, instance: string, traceId: string): ProblemDetails {
  const problem: ProblemDetails = {
    // Generic HTTP failures (unknown route, malformed body) carry no more meaning
    // than their status: RFC 9457 says `about:blank` then.
    type: error.code.startsWith('HTTP.') ? 'about:blank' : `${PROBLEM_TYPE_BASE}${error.code.toLowerCase()}`,
    title: STATUS_CODES[error.httpStatus] ?? 'Error',
    status: error.httpStatus,
    detail: error.message,
    instance,
    code: error.code,
    traceId,
  };
  if (error.fieldErrors.length > 0) {
    problem.errors = error.fieldErrors.map(({ field, message }) => ({ field, message }));
  }
  return problem;
}

/**
 * `Retry-After` in whole seconds (RFC 9110 section 10.2.3): rounded up, so a client
 * that waits exactly that long is never early, and at least 1.
 */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1_000));
}

/** Trace id of the active span: the correlation key between a response, its logs and its trace. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** `/orders/123?x=1` -> `/orders/123`: the query string may hold personal data. */
export function requestPath(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
