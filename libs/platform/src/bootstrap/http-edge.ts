import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AppError } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, requestPath, toProblemDetails } from '../errors/problem-details';
import { GrpcStatus } from '../errors/status-mapping';
import { replyProblem } from './reply-problem';

/**
 * What Fastify and Node answer on their own, before any route runs, made to answer like the
 * rest of the API: problem+json with a code, and the status RFC 9110 gives each case.
 * Found by probing the gateway from outside (issue 14): each of these was Fastify's or Node's
 * own body, or the wrong status.
 *
 * - **A path parameter longer than Fastify's `maxParamLength`** (default 100) was Fastify's own
 *   `414` JSON, before the route's schema could say which parameter and why. The limit is set
 *   above anything a request line can carry (Node refuses headers, the request line included,
 *   past 16 KiB), so every parameter reaches its route and gets the route's own 400.
 * - **Headers too large, a request Node cannot parse**: Node's parser rejects it before Fastify
 *   sees a request; Fastify's `clientErrorHandler` writes the answer on the raw socket. Here
 *   it writes problem+json (431, 400, 408).
 * - **A method the path does not have** (`DELETE /v1/products`, `TRACE`, `QUERY`): the 404
 *   handler answered, or Fastify's body check (400 for a body method without Content-Type).
 *   Now `405` with `Allow` listing the path's methods (RFC 9110 section 15.5.6), decided in
 *   `onRequest`, before any body is read.
 * - **A body that is not JSON** (`text/plain`, a form): Fastify's text parser and Nest's form
 *   parser accepted it, and the schema then answered 400. Every HTTP API here takes JSON only,
 *   so other media types get `415` (`HTTP.UNSUPPORTED_MEDIA_TYPE`).
 */
export const EDGE_FASTIFY_OPTIONS = {
  maxParamLength: 16_384,
  clientErrorHandler: writeClientError,
} satisfies FastifyServerOptions;

/** Before the routes are registered (onRoute sees each one). */
export function installHttpEdge(fastify: FastifyInstance): void {
  // JSON only: Fastify's built-in text/plain parser goes (Nest's form parser is never
  // registered: nest-app.ts creates the app with bodyParser off).
  fastify.removeContentTypeParser('text/plain');

  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = requestPath(request.url);
    const allowed = routes.methodsOf(path);
    if (allowed.length === 0) return; // no such path: the 404 handler answers
    const error = new AppError({
      code: 'HTTP.METHOD_NOT_ALLOWED',
      message: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
      grpcStatus: GrpcStatus.UNIMPLEMENTED,
      httpStatus: 405,
    });
    await replyProblem(reply, error, path, { allow: allowed.join(', ') });
  });
}

/** The methods of every registered route template, matched against a concrete path. */
class RouteTable {
  private readonly routes: Array<{ pattern: RegExp; methods: string[] }> = [];

  add(method: string | string[], url: string): void {
    // `/v1/orders/:orderId` -> ^/v1/orders/[^/]+$ ; a wildcard `*` matches the rest.
    const source = url
      .split('/')
      .map((segment) =>
        segment.startsWith(':')
          ? '[^/]+'
          : segment === '*'
            ? '.*'
            : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    this.routes.push({ pattern: new RegExp(`^${source}$`), methods: [method].flat() });
  }

  methodsOf(path: string): string[] {
    const methods = this.routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods);
    return [...new Set(methods)].sort();
  }
}

// The answer to a request Node could not parse, written on the socket: no request, no route,
// no trace context exists yet (the trace id is new, for the log line and the caller).
function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const problem = toProblemDetails(
    new AppError({
      code: `HTTP.${status === 431 ? 'HEADERS_TOO_LARGE' : status === 408 ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST'}`,
      message:
        status === 431
          ? 'The request headers are too large (16 KiB at most, request line included).'
          : status === 408
            ? 'The request was not received in time.'
            : 'The request could not be parsed as HTTP/1.1.',
      grpcStatus: GrpcStatus.INVALID_ARGUMENT,
      httpStatus: status,
    }),
    '',
    randomBytes(16).toString('hex'),
  );
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
