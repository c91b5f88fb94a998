import { Metadata } from '@grpc/grpc-js';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { DomainError } from '@shop/shared-kernel';
import { AppError } from './app-error';
import { fromErrorMetadata, toErrorMetadata } from './error-metadata';
import { GrpcStatus } from './status-mapping';
import { INTERNAL_ERROR_CODE, toAppError } from './to-app-error';

function grpcServiceError(code: GrpcStatus, details: string, metadata = new Metadata()) {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), { code, details, metadata });
}

describe('toAppError (P17: everything thrown becomes one error model)', () => {
  it('keeps an AppError as is', () => {
    const error = AppError.alreadyExists('USER.EMAIL_TAKEN', 'email in use');
    expect(toAppError(error)).toEqual({ error, unexpected: false });
    expect(error).toMatchObject({ httpStatus: 409, grpcStatus: GrpcStatus.ALREADY_EXISTS });
  });

  it.each([
    ['invalid', GrpcStatus.INVALID_ARGUMENT, 400],
    ['not_found', GrpcStatus.NOT_FOUND, 404],
    ['conflict', GrpcStatus.ALREADY_EXISTS, 409],
    ['precondition', GrpcStatus.FAILED_PRECONDITION, 422],
    ['forbidden', GrpcStatus.PERMISSION_DENIED, 403],
  ] as const)('maps a DomainError of kind %s', (kind, grpcStatus, httpStatus) => {
    const fields = [{ field: 'email', message: 'is malformed' }];
    const { error, unexpected } = toAppError(new DomainError('USER.X', kind, 'domain says no', fields));
    expect(unexpected).toBe(false);
    expect(error).toMatchObject({
      code: 'USER.X',
      message: 'domain says no',
      grpcStatus,
      httpStatus,
      fieldErrors: fields,
    });
  });

  it("maps Fastify's client errors to stable codes", () => {
    const parseError = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(
      toAppError(new HttpException('Body is not valid JSON', 400, { cause: parseError })).error,
    ).toMatchObject({
      code: 'HTTP.MALFORMED_BODY',
      httpStatus: 400,
    });
    expect(toAppError(new HttpException('too large', 413, { cause: tooLarge })).error).toMatchObject({
      code: 'HTTP.PAYLOAD_TOO_LARGE',
      httpStatus: 413,
      grpcStatus: GrpcStatus.INVALID_ARGUMENT,
    });
  });

  it('maps Nest HttpExceptions by status', () => {
    expect(toAppError(new NotFoundException('Cannot GET /x')).error).toMatchObject({
      code: 'HTTP.NOT_FOUND',
      httpStatus: 404,
    });
    expect(toAppError(new BadRequestException(['a is required', 'b is too long'])).error.message).toBe(
      'a is required; b is too long',
    );
    expect(toAppError(new HttpException('down', 503)).unexpected).toBe(true);
  });

  it('keeps the code and field errors of a downstream gRPC failure', () => {
    const metadata = toErrorMetadata('INVENTORY.OUT_OF_STOCK', [
      { field: 'items.0.qty', message: 'only 2 left (ü)' },
    ]);
    const { error, unexpected } = toAppError(
      grpcServiceError(GrpcStatus.FAILED_PRECONDITION, 'not enough stock', metadata),
    );
    expect(unexpected).toBe(false);
    expect(error).toMatchObject({
      code: 'INVENTORY.OUT_OF_STOCK',
      message: 'not enough stock',
      grpcStatus: GrpcStatus.FAILED_PRECONDITION,
      httpStatus: 422,
      fieldErrors: [{ field: 'items.0.qty', message: 'only 2 left (ü)' }],
    });
  });

  it('keeps the retry delay of a downstream failure (the gateway answers it as Retry-After)', () => {
    const metadata = toErrorMetadata('ORDER.REQUEST_IN_PROGRESS', [], 12_345);
    const { error } = toAppError(grpcServiceError(GrpcStatus.ABORTED, 'still running', metadata));
    expect(error).toMatchObject({ code: 'ORDER.REQUEST_IN_PROGRESS', httpStatus: 409, retryAfterMs: 12_345 });
  });

  it('names the status when a downstream failure carries no error-code', () => {
    expect(
      toAppError(grpcServiceError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')).error,
    ).toMatchObject({
      code: 'UPSTREAM.DEADLINE_EXCEEDED',
      httpStatus: 504,
    });
  });

  it('maps an RpcException carrying a status object', () => {
    const { error } = toAppError(new RpcException({ code: GrpcStatus.NOT_FOUND, message: 'no such order' }));
    expect(error).toMatchObject({
      grpcStatus: GrpcStatus.NOT_FOUND,
      message: 'no such order',
      httpStatus: 404,
    });
  });

  it('turns anything else into INTERNAL with a generic message, flagged unexpected', () => {
    const { error, unexpected } = toAppError(new Error('connection string postgres://secret@db'));
    expect(unexpected).toBe(true);
    expect(error.code).toBe(INTERNAL_ERROR_CODE);
    expect(error.httpStatus).toBe(500);
    expect(error.message).not.toContain('secret');
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('error metadata (error-code across a gRPC hop)', () => {
  it('round-trips code and field errors and tolerates garbage', () => {
    const metadata = toErrorMetadata('USER.INVALID_INPUT', [{ field: 'email', message: 'is malformed' }]);
    expect(fromErrorMetadata(metadata)).toEqual({
      code: 'USER.INVALID_INPUT',
      fieldErrors: [{ field: 'email', message: 'is malformed' }],
    });
    const garbage = new Metadata();
    garbage.set('error-fields-bin', Buffer.from('{not json'));
    expect(fromErrorMetadata(garbage)).toEqual({ code: undefined, fieldErrors: [] });
    expect(fromErrorMetadata(undefined)).toEqual({ fieldErrors: [] });
  });

  it('carries a retry delay in whole milliseconds; a malformed one is dropped', () => {
    const metadata = toErrorMetadata('ORDER.REQUEST_IN_PROGRESS', [], 29_000.4);
    expect(metadata.get('retry-after-ms')).toEqual(['29001']);
    expect(fromErrorMetadata(metadata)).toEqual({
      code: 'ORDER.REQUEST_IN_PROGRESS',
      fieldErrors: [],
      retryAfterMs: 29_001,
    });
    const garbage = new Metadata();
    garbage.set('retry-after-ms', 'soon');
    expect(fromErrorMetadata(garbage).retryAfterMs).toBeUndefined();
  });
});
