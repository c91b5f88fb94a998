import type { PlaceOrderRequest } from '../api/api-types';

/**
 * One checkout attempt: an Idempotency-Key and the exact request it was made
 * for. Every submit of the same request reuses the key (a double-click, a
 * retry after a timeout or a 409, a reload): the gateway answers the first
 * order again instead of placing a second one. A different request (another
 * card, another cart) is a new attempt with a new key: the same key with
 * another body is refused with 422 ORDER.IDEMPOTENCY_KEY_REUSED.
 */
export interface CheckoutAttempt {
  idempotencyKey: string;
  request: string;
}

export function attemptFor(
  previous: CheckoutAttempt | null,
  request: PlaceOrderRequest,
  newKey: () => string,
): CheckoutAttempt {
  const serialized = JSON.stringify(request);
  if (previous && previous.request === serialized) return previous;
  return { idempotencyKey: newKey(), request: serialized };
}
