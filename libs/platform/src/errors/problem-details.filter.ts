import { randomBytes } from 'node:crypto';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from './app-error';
import {
  currentTraceId,
  PROBLEM_CONTENT_TYPE,
  requestPath,
  retryAfterSeconds,
  toProblemDetails,
} from './problem-details';
import { toAppError } from './to-app-error';

/**
 * Global HTTP exception filter (Fastify): every error, including Fastify's own
 * (malformed JSON 400, body too large 413, unknown route 404) and errors of
 * downstream gRPC calls, leaves as RFC 9457 `application/problem+json` with a
 * code and the trace id, and `Retry-After` when the error knows when a retry
 * can succeed. Unexpected errors are logged with their stack and
 * answered with a generic detail; nothing is swallowed.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { error, unexpected } = toAppError(exception);
    const activeTraceId = currentTraceId();
    // Without an active span (telemetry off) a random id still correlates the response with the log line.
    const traceId = activeTraceId ?? randomBytes(16).toString('hex');
    const path = requestPath(request.url);
    const problem = toProblemDetails(
      isNotFoundRoute(request, error) ? withRouteDetail(error, request.method, path) : error,
      path,
      traceId,
    );

    const fields = {
      ...(activeTraceId ? {} : { trace_id: traceId }), // else the logger's mixin adds trace_id
      code: error.code,
      status: error.httpStatus,
      method: request.method,
      route: routeOf(request),
    };
    if (unexpected) {
      this.logger.error({ ...fields, err: exception }, 'request failed with an unexpected error');
    } else if (error.httpStatus >= 500) {
      // e.g. a downstream UNAVAILABLE: the cause names the host, for the logs only
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      this.logger.warn({ ...fields, detail: error.message, cause }, 'request failed');
    }

    if (reply.sent) return; // the response already started: nothing more can be sent, but it was logged above
    if (error.retryAfterMs !== undefined)
      reply.header('retry-after', String(retryAfterSeconds(error.retryAfterMs)));
    reply.status(error.httpStatus).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

function isNotFoundRoute(request: FastifyRequest, error: AppError): boolean {
  return error.httpStatus === 404 && request.routeOptions?.url === undefined;
}

// Nest's default "Cannot GET /x?query" would echo the query string.
function withRouteDetail(error: AppError, method: string, path: string): AppError {
  return new AppError({
    code: 'HTTP.NOT_FOUND',
    message: `No route matches ${method} ${path}`,
    grpcStatus: error.grpcStatus,
    httpStatus: 404,
  });
}
