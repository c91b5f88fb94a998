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

/** HTTP status -> gRPC status, for HTTP-shaped errors raised inside a gRPC handler. */
export function httpToGrpcStatus(httpStatus: number): GrpcStatus {
  switch (httpStatus) {
    case 400:
    case 413:
    case 415:
      return GrpcStatus.INVALID_ARGUMENT;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.NOT_FOUND;
    case 409:
      return GrpcStatus.ALREADY_EXISTS;
    case 422:
      return GrpcStatus.FAILED_PRECONDITION;
    case 429:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 499:
      return GrpcStatus.CANCELLED;
    case 501:
      return GrpcStatus.UNIMPLEMENTED;
    case 503:
      return GrpcStatus.UNAVAILABLE;
    case 504:
      return GrpcStatus.DEADLINE_EXCEEDED;
    default:
      return httpStatus >= 400 && httpStatus < 500 ? GrpcStatus.FAILED_PRECONDITION : GrpcStatus.INTERNAL;
  }
}

/** `NOT_FOUND`, `DEADLINE_EXCEEDED`, ...: bounded label values for metrics and logs. */
export function grpcStatusName(code: number): string {
  return GrpcStatus[code] ?? 'UNKNOWN';
}

/** `2xx` / `4xx` / `5xx`: the status label of HTTP metrics. */
export function statusClass(httpStatus: number): string {
  return `${Math.floor(httpStatus / 100)}xx`;
}
