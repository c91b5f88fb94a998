import { AppError } from '@shop/platform';
import { IDEMPOTENCY_KEY_HEADER_PATTERN, parseIdempotencyKeyHeader } from './idempotency-key.header';

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

  it('answers 400 ORDER.IDEMPOTENCY_KEY_INVALID for a header over 255 characters, quoted or not', () => {
    expect(codeOf('k'.repeat(255))).toBe('accepted');
    expect(codeOf('k'.repeat(256))).toBe('400 ORDER.IDEMPOTENCY_KEY_INVALID');
    expect(codeOf(`"${'k'.repeat(254)}"`)).toBe('400 ORDER.IDEMPOTENCY_KEY_INVALID');
  });

  // The document's pattern (what Schemathesis generates from) and the parser agree.
  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', true],
    ['"8e03978e"', true],
    ['"a\\"b"', true],
    ['"unterminated', false],
    ['"bad \\x escape"', false],
    ['"with space"', false],
    ['""', false],
  ])('the documented pattern %p: %p', (raw, documented) => {
    expect(new RegExp(IDEMPOTENCY_KEY_HEADER_PATTERN).test(raw)).toBe(documented);
    if (documented) expect(codeOf(raw)).toBe('accepted');
  });
});
