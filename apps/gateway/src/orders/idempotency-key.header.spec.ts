import { AppError } from '@shop/platform';
import { parseIdempotencyKeyHeader } from './idempotency-key.header';

const codeOf = (raw: string | string[] | undefined) => {
  try {
    parseIdempotencyKeyHeader(raw);
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? `${error.httpStatus} ${error.code}` : 'unexpected';
  }
};

describe('Idempotency-Key header (P05, IETF httpapi draft)', () => {
  it('accepts the draft form, a structured-field string', () => {
    expect(parseIdempotencyKeyHeader('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKeyHeader('"a\\"b\\\\c"')).toBe('a"b\\c');
  });

  it('accepts a bare value, as many clients send it', () => {
    expect(parseIdempotencyKeyHeader(' order-2026-0001 ')).toBe('order-2026-0001');
  });

  it.each([undefined, '', '   ', '""'])('answers 400 ORDER.IDEMPOTENCY_KEY_MISSING for %p', (raw) => {
    expect(codeOf(raw)).toBe('400 ORDER.IDEMPOTENCY_KEY_MISSING');
  });

  it.each([['"unterminated'], ['"bad \\x escape"'], [['k1', 'k2']]])(
    'answers 400 ORDER.IDEMPOTENCY_KEY_INVALID for %p',
    (raw) => {
      expect(codeOf(raw)).toBe('400 ORDER.IDEMPOTENCY_KEY_INVALID');
    },
  );
});
