import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { firstValueFrom } from 'rxjs';
import { DomainError } from '@shop/shared-kernel';
import { AppError } from './app-error';
import {
  FIELD_ERRORS_BUDGET_BYTES,
  FIELD_ERRORS_METADATA_KEY,
  fromErrorMetadata,
  STATUS_MESSAGE_BUDGET_BYTES,
} from './error-metadata';
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

  // Issue 14: "no product has sku <70,000 x>" in the grpc-message trailer made the client tear
  // down the connection (INTERNAL "Protocol error"), failing every later call on the channel.
  it('keeps the trailers small whatever the input: message and field errors cut to their budgets', async () => {
    const filter = new GrpcExceptionFilter(pino({ level: 'silent' }));
    const fieldErrors = Array.from({ length: 300 }, (_, index) => ({
      field: `productIds.${index}`,
      message: `must be a UUID, got ${'💥'.repeat(500)}`,
    }));
    const status = await statusOf(
      filter,
      AppError.invalidArgument(
        'INVENTORY.INVALID_INPUT',
        `no product has sku ${'x'.repeat(70_000)}`,
        fieldErrors,
      ),
    );
    expect(Buffer.byteLength(status.details, 'utf8')).toBeLessThanOrEqual(STATUS_MESSAGE_BUDGET_BYTES);
    expect(status.details).toMatch(/^no product has sku x+ \[truncated\]$/);
    expect(status.message).toBe(status.details);
    const [raw] = status.metadata.get(FIELD_ERRORS_METADATA_KEY);
    expect((raw as Buffer).length).toBeLessThanOrEqual(FIELD_ERRORS_BUDGET_BYTES);
    const kept = fromErrorMetadata(status.metadata).fieldErrors;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept[0]).toEqual({ field: 'productIds.0', message: expect.stringMatching(/ \[truncated\]$/) });
  });

  it('leaves a message within its budget as it is', async () => {
    const filter = new GrpcExceptionFilter(pino({ level: 'silent' }));
    const status = await statusOf(
      filter,
      AppError.notFound('INVENTORY.NOT_FOUND', 'no product has sku ABC-1'),
    );
    expect(status.details).toBe('no product has sku ABC-1');
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
