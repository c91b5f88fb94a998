import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { requestPath } from '../errors/problem-details';
import type { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import type { RedMetrics } from '../metrics/red-metrics';
import { currentTraceResponse, TRACE_RESPONSE_HEADER } from '../telemetry/trace-response';
import { replyProblem } from './reply-problem';

/**
 * Fastify hooks on every route, the 404 handler included:
 * - admission: once shutdown stops accepting work, a request arriving on a
 *   kept-alive connection gets 503 problem+json and `connection: close`;
 * - from the drain phase on, every response says `connection: close`, so
 *   keep-alive clients reconnect to another replica;
 * - RED metrics with the route template, never the raw URL;
 * - the HTTP server span is named `GET /orders/:orderId` with `http.route`, as
 *   the semantic conventions ask (the http instrumentation cannot know routes);
 * - every response names its trace in a `traceresponse` header.
 */
export function installHttpHooks(
  fastify: FastifyInstance,
  lifecycle: ServiceLifecycle,
  metrics: RedMetrics,
): void {
  fastify.addHook('onRequest', async (request, reply) => {
    nameServerSpan(request.method, request.routeOptions?.url);
    const traceResponse = currentTraceResponse();
    if (traceResponse) reply.header(TRACE_RESPONSE_HEADER, traceResponse);
    if (lifecycle.isAcceptingWork) return;
    const error = AppError.unavailable(
      'SERVICE.SHUTTING_DOWN',
      'The service is shutting down; retry the request.',
    );
    await replyProblem(reply, error, requestPath(request.url), { connection: 'close', 'retry-after': '1' });
  });

  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (lifecycle.isShuttingDown) reply.header('connection', 'close');
    return payload;
  });

  fastify.addHook('onResponse', async (request, reply) => {
    metrics.recordHttp(request.method, request.routeOptions?.url, reply.statusCode, reply.elapsedTime / 1000);
  });
}

function nameServerSpan(method: string, route: string | undefined): void {
  if (route === undefined) return;
  trace.getActiveSpan()?.setAttribute('http.route', route).updateName(`${method} ${route}`);
}
