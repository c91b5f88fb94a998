import { DomainError, FieldError } from '@shop/shared-kernel';

/** Expected failures of the order context; codes are part of the public API (problem+json `code`). */
export const OrderErrors = {
  invalidInput: (fields: readonly FieldError[]) => DomainError.invalid('ORDER.INVALID_INPUT', fields),
  unknownProducts: (fields: readonly FieldError[]) =>
    new DomainError(
      'ORDER.UNKNOWN_PRODUCT',
      'invalid',
      `unknown product(s): ${fields.map((f) => f.field).join(', ')}`,
      fields,
    ),
  productsUnavailable: (productIds: readonly string[]) =>
    new DomainError(
      'ORDER.PRODUCT_UNAVAILABLE',
      'precondition',
      `product(s) no longer sold: ${productIds.join(', ')}`,
    ),
  mixedCurrencies: (currencies: readonly string[]) =>
    new DomainError(
      'ORDER.MIXED_CURRENCIES',
      'precondition',
      `all lines of an order must share one currency, got ${currencies.join(', ')}`,
    ),
  /** A price or total that is not valid money (e.g. a bad price from inventory). */
  invalidMoney: (fields: readonly FieldError[]) => DomainError.invalid('ORDER.INVALID_MONEY', fields),
  totalTooLarge: () => new DomainError('ORDER.TOTAL_TOO_LARGE', 'invalid', 'the order total is too large'),
  /** Another customer's order is reported exactly like a missing one: existence is never revealed. */
  notFound: (orderId: string) =>
    new DomainError('ORDER.NOT_FOUND', 'not_found', `order ${orderId} does not exist`),
  notPending: (orderId: string, status: string) =>
    new DomainError('ORDER.NOT_PENDING', 'precondition', `order ${orderId} is ${status}, not PENDING`),
  idempotencyKeyMissing: () =>
    new DomainError('ORDER.IDEMPOTENCY_KEY_MISSING', 'invalid', 'an Idempotency-Key is required', [
      { field: 'idempotencyKey', message: 'is required' },
    ]),
  idempotencyKeyInvalid: (message: string) =>
    new DomainError('ORDER.IDEMPOTENCY_KEY_INVALID', 'invalid', `the Idempotency-Key ${message}`, [
      { field: 'idempotencyKey', message },
    ]),
  /** The key was used for a different request; the client has a bug (IETF draft: 422). */
  idempotencyKeyReused: () =>
    new DomainError(
      'ORDER.IDEMPOTENCY_KEY_REUSED',
      'precondition',
      'this Idempotency-Key was already used for a different request',
    ),
  /**
   * The first request with this key is still being processed (IETF draft: 409). It
   * finishes, or its lease runs out, within `retryAfterMs`: a retry then is answered.
   */
  requestInProgress: (retryAfterMs: number) =>
    new DomainError(
      'ORDER.REQUEST_IN_PROGRESS',
      'conflict',
      'a request with this Idempotency-Key is still being processed; retry later with the same key',
      [],
      retryAfterMs,
    ),
  invalidCursor: () =>
    new DomainError('ORDER.INVALID_CURSOR', 'invalid', 'the cursor is malformed', [
      { field: 'cursor', message: 'is not a cursor returned by ListOrders' },
    ]),
};
