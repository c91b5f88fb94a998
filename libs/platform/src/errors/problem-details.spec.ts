import { AppError } from './app-error';
import { parseRequest } from './parse-request';
import { requestPath, retryAfterSeconds, toProblemDetails } from './problem-details';
import { z } from 'zod';
import { thrownBy } from '@shop/testing';

describe('problem details (RFC 9457, P17)', () => {
  it('renders an AppError with code, trace id and a type URI per code', () => {
    const problem = toProblemDetails(
      AppError.notFound('ORDER.NOT_FOUND', 'order o-1 does not exist'),
      '/v1/orders/o-1',
      'abc',
    );
    expect(problem).toEqual({
      type: 'https://shop.example.com/problems/order.not_found',
      title: 'Not Found',
      status: 404,
      detail: 'order o-1 does not exist',
      instance: '/v1/orders/o-1',
      code: 'ORDER.NOT_FOUND',
      traceId: 'abc',
    });
  });

  it('uses about:blank for generic HTTP failures and lists field errors', () => {
    const error = new AppError({
      code: 'HTTP.BAD_REQUEST',
      message: 'bad',
      grpcStatus: 3,
      fieldErrors: [{ field: 'email', message: 'required' }],
    });
    expect(toProblemDetails(error, '/x', 't')).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      errors: [{ field: 'email', message: 'required' }],
    });
  });

  it('Retry-After: whole seconds rounded up, never 0', () => {
    expect(retryAfterSeconds(29_001)).toBe(30);
    expect(retryAfterSeconds(30_000)).toBe(30);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
  });

  it('drops the query string from instance (P23)', () => {
    expect(requestPath('/v1/users?email=a@example.com')).toBe('/v1/users');
    expect(requestPath('/v1/users')).toBe('/v1/users');
  });
});

describe('parseRequest (edge validation -> field errors)', () => {
  const body = z.object({
    email: z.string().max(5),
    items: z.array(z.object({ qty: z.number().positive() })),
  });

  it('returns the parsed value', () => {
    expect(parseRequest(body, { email: 'a@b', items: [{ qty: 1 }] })).toEqual({
      email: 'a@b',
      items: [{ qty: 1 }],
    });
  });

  it('throws INVALID_ARGUMENT with one field error per issue', () => {
    const appError = thrownBy(AppError, () =>
      parseRequest(body, { email: 'too-long@example.com', items: [{ qty: 0 }] }),
    );
    expect(appError).toMatchObject({ code: 'REQUEST.INVALID', httpStatus: 400 });
    expect(appError.fieldErrors.map((fieldError) => fieldError.field)).toEqual(['email', 'items.0.qty']);
  });

  it('names a scalar input by the given field', () => {
    expect(() => parseRequest(z.string().uuid(), 'nope', 'userId')).toThrow(
      expect.objectContaining({ fieldErrors: [expect.objectContaining({ field: 'userId' })] }),
    );
  });
});
