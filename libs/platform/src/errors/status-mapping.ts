import { status as GrpcStatus } from '@grpc/grpc-js';

export { GrpcStatus };

/**
 * gRPC status -> HTTP status, the one table used at the HTTP edge.
 * FAILED_PRECONDITION -> 422: the request is well-formed but the current state
 * forbids it (cancel a shipped order, reserve more than is in stock). 409 is
 * kept for ALREADY_EXISTS and ABORTED (a concurrent write won), so a client can
 * tell "retrying will not help until the state changes" from "this already exists".
 */
const GRPC_TO_HTTP: Readonly<Partial<Record<GrpcStatus, number>>> = {
  [GrpcStatus.OK]: 200,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNAUTHENTICATED]: 401,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.FAILED_PRECONDITION]: 422,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
};

export function grpcToHttpStatus(code: GrpcStatus): number {
  return GRPC_TO_HTTP[code] ?? 500;
}

const HTTP_TO_GRPC: Readonly<Record<number, GrpcStatus>> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  413: GrpcStatus.INVALID_ARGUMENT,
  415: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.NOT_FOUND,
  409: GrpcStatus.ALREADY_EXISTS,
  422: GrpcStatus.FAILED_PRECONDITION,
  429: GrpcStatus.RESOURCE_EXHAUSTED,
  499: GrpcStatus.CANCELLED,
  501: GrpcStatus.UNIMPLEMENTED,
  503: GrpcStatus.UNAVAILABLE,
  504: GrpcStatus.DEADLINE_EXCEEDED,
};

/**
 * HTTP status -> gRPC status, for HTTP-shaped errors raised inside a gRPC
 * handler. Any other 4xx is still the caller's problem (FAILED_PRECONDITION);
 * anything else is ours (INTERNAL).
 */
export function httpToGrpcStatus(httpStatus: number): GrpcStatus {
  const unlisted =
    httpStatus >= 400 && httpStatus < 500 ? GrpcStatus.FAILED_PRECONDITION : GrpcStatus.INTERNAL;
  return HTTP_TO_GRPC[httpStatus] ?? unlisted;
}

/** `NOT_FOUND`, `DEADLINE_EXCEEDED`, ...: bounded label values for metrics and logs. */
export function grpcStatusName(code: number): string {
  return GrpcStatus[code] ?? 'UNKNOWN';
}

/** `2xx` / `4xx` / `5xx`: the status label of HTTP metrics. */
export function statusClass(httpStatus: number): string {
  return `${Math.floor(httpStatus / 100)}xx`;
}
