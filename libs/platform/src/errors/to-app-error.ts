import { HttpException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import { DomainError } from '@shop/shared-kernel';
import { AppError } from './app-error';
import { fromErrorMetadata } from './error-metadata';
import { GrpcStatus, grpcStatusName, httpToGrpcStatus } from './status-mapping';

export const INTERNAL_ERROR_CODE = 'INTERNAL';
const UNEXPECTED_MESSAGE = 'An unexpected error occurred. Quote the trace id when reporting it.';

export interface NormalizedError {
  error: AppError;
  /** A bug or an infrastructure failure: logged with its stack, answered with a generic message. */
  unexpected: boolean;
}

/** Fastify's own client errors, mapped to stable codes. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'HTTP.MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'HTTP.MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'HTTP.PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'HTTP.BAD_CONTENT_LENGTH',
};

/**
 * Turns anything thrown into an AppError, so both transports answer with one
 * error model: AppError, a DomainError, a Nest HttpException (including
 * Fastify's parse/size errors), an RpcException, a gRPC error from a downstream
 * call, or an unknown failure (-> INTERNAL, flagged unexpected).
 */
export function toAppError(thrown: unknown): NormalizedError {
  if (thrown instanceof AppError)
    return { error: thrown, unexpected: thrown.grpcStatus === GrpcStatus.INTERNAL };
  if (thrown instanceof DomainError) return { error: AppError.fromDomain(thrown), unexpected: false };
  if (thrown instanceof HttpException) return fromHttpException(thrown);
  if (thrown instanceof RpcException) return fromRpcException(thrown);
  if (isGrpcServiceError(thrown)) return { error: fromGrpcServiceError(thrown), unexpected: false };
  return { error: internalError(thrown), unexpected: true };
}

export function internalError(cause: unknown): AppError {
  return new AppError({
    code: INTERNAL_ERROR_CODE,
    message: UNEXPECTED_MESSAGE,
    grpcStatus: GrpcStatus.INTERNAL,
    cause,
  });
}

/** A grpc-js error as received by a client: numeric code, details, trailers. */
export interface GrpcServiceErrorLike extends Error {
  code: number;
  details: string;
  metadata: Metadata;
}

export function isGrpcServiceError(value: unknown): value is GrpcServiceErrorLike {
  return (
    value instanceof Error &&
    typeof (value as Partial<GrpcServiceErrorLike>).code === 'number' &&
    typeof (value as Partial<GrpcServiceErrorLike>).details === 'string' &&
    (value as Partial<GrpcServiceErrorLike>).metadata instanceof Metadata
  );
}

/**
 * A downstream gRPC failure keeps its code (`error-code` trailer) and status
 * across the hop. Without that trailer the failure came from the transport
 * (connection refused, deadline): the caller gets a generic message, the
 * original stays in `cause` for the logs (it names internal hosts).
 */
export function fromGrpcServiceError(error: GrpcServiceErrorLike): AppError {
  const { code, fieldErrors, retryAfterMs } = fromErrorMetadata(error.metadata);
  return new AppError({
    code: code ?? `UPSTREAM.${grpcStatusName(error.code)}`,
    message: code ? error.details || grpcStatusName(error.code) : transportFailureMessage(error.code),
    grpcStatus: error.code as GrpcStatus,
    fieldErrors,
    retryAfterMs,
    cause: error,
  });
}

function transportFailureMessage(status: number): string {
  switch (status) {
    case GrpcStatus.UNAVAILABLE:
      return 'A downstream service is unavailable; retry later.';
    case GrpcStatus.DEADLINE_EXCEEDED:
      return 'A downstream service did not answer within the deadline.';
    case GrpcStatus.CANCELLED:
      return 'The downstream call was cancelled.';
    default:
      return `A downstream call failed (${grpcStatusName(status)}).`;
  }
}

function fromHttpException(exception: HttpException): NormalizedError {
  const httpStatus = exception.getStatus();
  const cause = exception.cause as { code?: unknown } | undefined;
  const fastifyCode = typeof cause?.code === 'string' ? FASTIFY_CODES[cause.code] : undefined;
  const error = new AppError({
    code: fastifyCode ?? `HTTP.${httpReason(httpStatus)}`,
    message: httpExceptionMessage(exception),
    grpcStatus: httpToGrpcStatus(httpStatus),
    httpStatus,
    cause: exception,
  });
  return { error, unexpected: httpStatus >= 500 };
}

function fromRpcException(exception: RpcException): NormalizedError {
  const payload = exception.getError();
  const body = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const grpcStatus = typeof body['code'] === 'number' ? (body['code'] as GrpcStatus) : GrpcStatus.UNKNOWN;
  const message =
    typeof payload === 'string' ? payload : String(body['message'] ?? body['details'] ?? exception.message);
  const error = new AppError({
    code: `RPC.${grpcStatusName(grpcStatus)}`,
    message,
    grpcStatus,
    cause: exception,
  });
  return { error, unexpected: grpcStatus === GrpcStatus.UNKNOWN || grpcStatus === GrpcStatus.INTERNAL };
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function httpReason(httpStatus: number): string {
  const reasons: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    422: 'UNPROCESSABLE_CONTENT',
    429: 'TOO_MANY_REQUESTS',
    503: 'UNAVAILABLE',
    504: 'GATEWAY_TIMEOUT',
  };
  return reasons[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : `STATUS_${httpStatus}`);
}
