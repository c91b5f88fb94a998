import { err, ok, Result } from '@shop/shared-kernel';
import type { PlaceOrderRequest } from '../order';
import { OrderErrors } from '../order-errors';

/**
 * Idempotency-Key semantics (IETF httpapi-idempotency-key-header draft).
 * The key is opaque and chosen by the client (a UUID is typical), scoped to the
 * customer: two customers may use the same key without ever seeing each other's
 * orders. The server remembers, per key, a fingerprint of the request and, once
 * done, the response, so a retry gets the original answer and never a second order.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** Visible ASCII, no spaces: what a structured-field string of a UUID/ULID/random token holds. */
const KEY_SHAPE = /^[\x21-\x7e]+$/;

export function validateIdempotencyKey(raw: string): Result<string> {
  if (raw.length === 0) return err(OrderErrors.idempotencyKeyMissing());
  if (raw.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return err(OrderErrors.idempotencyKeyInvalid(`must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`));
  }
  if (!KEY_SHAPE.test(raw)) return err(OrderErrors.idempotencyKeyInvalid('must be visible ASCII characters'));
  return ok(raw);
}

/**
 * The request in a canonical form, the input of its fingerprint: the same order
 * written differently (line order, product id case, surrounding whitespace in
 * the token) is the same request; any difference in what is bought or how it
 * is paid is a different one. The customer is not part of it: the key already is.
 */
export function canonicalPlaceOrderRequest(request: PlaceOrderRequest): string {
  const lines = [...request.lines]
    .map((line) => [line.productId.toLowerCase(), line.quantity] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ v: 1, lines, paymentMethodToken: request.paymentMethodToken.trim() });
}

export type IdempotencyKeyStatus = 'IN_FLIGHT' | 'COMPLETED';

/** What the store holds for a key, as far as the decision needs it. */
export interface StoredIdempotencyKey {
  readonly fingerprint: string;
  readonly status: IdempotencyKeyStatus;
  /** An IN_FLIGHT key is owned by the request processing it until then. */
  readonly leaseExpiresAt: Date;
}

/**
 * What to do with a request whose key is already stored:
 * - KEY_REUSED  (422): same key, different request: a client bug, never served.
 * - REPLAY      (the original status and body): the first request completed.
 * - IN_PROGRESS (409): the first request is still running; retry later.
 * - TAKE_OVER: the first request's owner died mid-way (its lease expired and it
 *   committed nothing, or the key would be COMPLETED): this request continues in its place.
 */
export type IdempotencyDecision = 'KEY_REUSED' | 'REPLAY' | 'IN_PROGRESS' | 'TAKE_OVER';

export function decideOnStoredKey(
  stored: StoredIdempotencyKey,
  fingerprint: string,
  now: Date,
): IdempotencyDecision {
  if (stored.fingerprint !== fingerprint) return 'KEY_REUSED';
  if (stored.status === 'COMPLETED') return 'REPLAY';
  return stored.leaseExpiresAt.getTime() > now.getTime() ? 'IN_PROGRESS' : 'TAKE_OVER';
}
