import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { firstValueFrom } from 'rxjs';
import { DomainError } from '@shop/shared-kernel';
import { AppError } from './app-error';
import { fromErrorMetadata } from './error-metadata';
import { GrpcExceptionFilter, type GrpcStatusError } from './grpc-exception.filter';
import { GrpcStatus } from './status-mapping';

const host = {
  getArgByIndex: () => ({ getPath: () => '/shop.user.v1.UserService/GetUser' }),
} as unknown as ArgumentsHost;

async function statusOf(filter: GrpcExceptionFilter, thrown: unknown): Promise<GrpcStatusError> {
  return firstValueFrom(filter.catch(thrown, host)).then(
    () => Promise.reject(new Error('expected an error')),
    (error: GrpcStatusError) => error,
  );
}

describe('GrpcExceptionFilter (P17: status code + error-code trailer)', () => {
  it('sends an AppError as its status, message and error-code metadata', async () => {
    const filter = new GrpcExceptionFilter(pino({ level: 'silent' }));
    const status = await statusOf(
      filter,
      AppError.invalidArgument('USER.INVALID_INPUT', 'email is malformed', [
        { field: 'email', message: 'is malformed' },
      ]),
    );
    expect(status).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT, details: 'email is malformed' });
    expect(fromErrorMetadata(status.metadata)).toEqual({
      code: 'USER.INVALID_INPUT',
      fieldErrors: [{ field: 'email', message: 'is malformed' }],
    });
  });

  it("sends a DomainError's retry delay in the retry-after-ms trailer", async () => {
    const filter = new GrpcExceptionFilter(pino({ level: 'silent' }));
    const status = await statusOf(
      filter,
      AppError.fromDomain(
        new DomainError('ORDER.REQUEST_IN_PROGRESS', 'conflict', 'still running', [], 4_200),
      ),
    );
    expect(fromErrorMetadata(status.metadata)).toMatchObject({ retryAfterMs: 4_200 });
  });

  it('maps a thrown DomainError by kind', async () => {
    const filter = new GrpcExceptionFilter(pino({ level: 'silent' }));
    const status = await statusOf(filter, new DomainError('USER.EMAIL_TAKEN', 'conflict', 'email in use'));
    expect(status.code).toBe(GrpcStatus.ALREADY_EXISTS);
    expect(fromErrorMetadata(status.metadata).code).toBe('USER.EMAIL_TAKEN');
  });

  it('logs an unexpected error with its stack and answers INTERNAL with a generic message', async () => {
    const logger = pino({ level: 'silent' });
    const logged = jest.spyOn(logger, 'error');
    const status = await statusOf(new GrpcExceptionFilter(logger), new Error('db password is hunter2'));
    expect(status.code).toBe(GrpcStatus.INTERNAL);
    expect(status.details).not.toContain('hunter2');
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        err: expect.any(Error),
        code: 'INTERNAL',
        path: '/shop.user.v1.UserService/GetUser',
      }),
      expect.any(String),
    );
  });
});
