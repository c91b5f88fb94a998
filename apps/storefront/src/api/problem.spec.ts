import { parseRetryAfter, toApiProblem } from './problem';

describe('toApiProblem', () => {
  it('keeps the problem+json fields: code, detail, field errors, and the Retry-After in seconds', () => {
    const problem = toApiProblem(
      400,
      {
        status: 400,
        code: 'REQUEST.INVALID',
        detail: 'bad',
        errors: [{ field: 'email', message: 'must be a valid email address' }],
      },
      null,
    );
    expect(problem).toMatchObject({ status: 400, message: 'bad', retryAfterSeconds: null });
    expect(problem.problem.code).toBe('REQUEST.INVALID');
    expect(problem.fieldError('email')).toBe('must be a valid email address');
    expect(problem.fieldError('name')).toBeUndefined();
    expect(toApiProblem(429, { status: 429, code: 'RATE_LIMITED' }, '7').retryAfterSeconds).toBe(7);
  });

  it('a body that is not a problem (a proxy page) still carries the status', () => {
    expect(toApiProblem(502, undefined, null)).toMatchObject({ status: 502, message: 'HTTP 502' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('reads delay-seconds and HTTP dates (RFC 9110 10.2.3)', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('no header, or one it cannot read: null', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
