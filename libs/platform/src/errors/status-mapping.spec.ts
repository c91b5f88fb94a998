import {
  GrpcStatus,
  grpcStatusName,
  grpcToHttpStatus,
  httpToGrpcStatus,
  statusClass,
} from './status-mapping';

describe('gRPC <-> HTTP status mapping (P17: one error model across transports)', () => {
  it.each([
    [GrpcStatus.INVALID_ARGUMENT, 400],
    [GrpcStatus.UNAUTHENTICATED, 401],
    [GrpcStatus.PERMISSION_DENIED, 403],
    [GrpcStatus.NOT_FOUND, 404],
    [GrpcStatus.ALREADY_EXISTS, 409],
    [GrpcStatus.ABORTED, 409],
    [GrpcStatus.FAILED_PRECONDITION, 422],
    [GrpcStatus.RESOURCE_EXHAUSTED, 429],
    [GrpcStatus.UNIMPLEMENTED, 501],
    [GrpcStatus.UNAVAILABLE, 503],
    [GrpcStatus.DEADLINE_EXCEEDED, 504],
    [GrpcStatus.INTERNAL, 500],
    [GrpcStatus.UNKNOWN, 500],
    [GrpcStatus.DATA_LOSS, 500],
    [GrpcStatus.CANCELLED, 500],
  ])('gRPC %s -> HTTP %s', (grpc, http) => {
    expect(grpcToHttpStatus(grpc)).toBe(http);
  });

  it.each([
    [400, GrpcStatus.INVALID_ARGUMENT],
    [401, GrpcStatus.UNAUTHENTICATED],
    [403, GrpcStatus.PERMISSION_DENIED],
    [404, GrpcStatus.NOT_FOUND],
    [409, GrpcStatus.ALREADY_EXISTS],
    [413, GrpcStatus.INVALID_ARGUMENT],
    [422, GrpcStatus.FAILED_PRECONDITION],
    [429, GrpcStatus.RESOURCE_EXHAUSTED],
    [503, GrpcStatus.UNAVAILABLE],
    [504, GrpcStatus.DEADLINE_EXCEEDED],
    [418, GrpcStatus.FAILED_PRECONDITION],
    [500, GrpcStatus.INTERNAL],
  ])('HTTP %s -> gRPC %s', (http, grpc) => {
    expect(httpToGrpcStatus(http)).toBe(grpc);
  });

  it('round-trips every status the HTTP edge distinguishes', () => {
    for (const grpc of [3, 5, 6, 7, 9, 8, 14, 4, 16]) {
      expect(grpcToHttpStatus(httpToGrpcStatus(grpcToHttpStatus(grpc)))).toBe(grpcToHttpStatus(grpc));
    }
  });

  it('gives bounded label values (P21)', () => {
    expect(grpcStatusName(GrpcStatus.NOT_FOUND)).toBe('NOT_FOUND');
    expect(grpcStatusName(99)).toBe('UNKNOWN');
    expect([statusClass(200), statusClass(404), statusClass(503)]).toEqual(['2xx', '4xx', '5xx']);
  });
});
