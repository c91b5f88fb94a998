import { AppError } from '@shop/platform';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_HEADER_MAX_LENGTH = 255;

/**
 * What the header may hold, for the document: a bare key of visible ASCII (not starting with a
 * quote), or a structured-field string of visible ASCII with `\"` and `\\` escapes.
 */
export const IDEMPOTENCY_KEY_HEADER_PATTERN =
  '^(?:[\\x21\\x23-\\x7e][\\x21-\\x7e]*|"(?:[\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\["\\\\])+")$';

/**
 * The `Idempotency-Key` request header (IETF httpapi-idempotency-key-header
 * draft). The draft defines it as a structured-field String
 * (`Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`); many clients send
 * the bare value, so both are accepted. A missing key is a 400: POST /v1/orders
 * creates an order, and without a key a retry could create a second one.
 * The header as sent is at most 255 characters; the order service checks the key's characters.
 */
export function parseIdempotencyKeyHeader(raw: string | string[] | undefined): string {
  if (Array.isArray(raw)) {
    throw invalid('must be sent once', 'ORDER.IDEMPOTENCY_KEY_INVALID');
  }
  const value = raw?.trim() ?? '';
  if (value.length === 0) {
    throw invalid('is required: send a unique key per order, e.g. a UUID', 'ORDER.IDEMPOTENCY_KEY_MISSING');
  }
  // The bound applies to the header as sent, either form: the document's maxLength says so.
  if (value.length > IDEMPOTENCY_KEY_HEADER_MAX_LENGTH) {
    throw invalid(
      `must be at most ${IDEMPOTENCY_KEY_HEADER_MAX_LENGTH} characters`,
      'ORDER.IDEMPOTENCY_KEY_INVALID',
    );
  }
  if (!value.startsWith('"')) return value;
  // sf-string: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE, printable ASCII only.
  if (
    value.length < 2 ||
    !value.endsWith('"') ||
    !/^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"$/.test(value)
  ) {
    throw invalid('is not a valid structured-field string', 'ORDER.IDEMPOTENCY_KEY_INVALID');
  }
  const unquoted = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (unquoted.length === 0) {
    throw invalid('is required: send a unique key per order, e.g. a UUID', 'ORDER.IDEMPOTENCY_KEY_MISSING');
  }
  return unquoted;
}

const invalid = (message: string, code: string) =>
  AppError.invalidArgument(code, `The Idempotency-Key header ${message}.`, [
    { field: 'Idempotency-Key', message },
  ]);
