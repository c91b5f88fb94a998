import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AppError } from '../errors/app-error';
import { currentTraceId, PROBLEM_CONTENT_TYPE, toProblemDetails } from '../errors/problem-details';

/**
 * A problem+json answer sent from a Fastify hook, where Nest's exception filter does not run:
 * the error's status, the extra headers, and the trace id of the request (a new one when the
 * request has no span).
 */
export function replyProblem(
  reply: FastifyReply,
  error: AppError,
  instance: string,
  headers: Record<string, string> = {},
): Promise<unknown> | FastifyReply {
  const traceId = currentTraceId() ?? randomBytes(16).toString('hex');
  return reply
    .status(error.httpStatus)
    .headers({ 'content-type': PROBLEM_CONTENT_TYPE, ...headers })
    .send(toProblemDetails(error, instance, traceId));
}
