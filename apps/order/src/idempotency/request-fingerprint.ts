import { canonicalPlaceOrderRequest, type PlaceOrderRequest } from '@shop/order-domain';
import { createHash } from 'node:crypto';

/**
 * sha256 of the canonical request: what "the same request" means for an
 * Idempotency-Key. Stored instead of the request itself, so the payment method
 * token is never kept in the key table.
 */
export function requestFingerprint(request: PlaceOrderRequest): string {
  return createHash('sha256').update(canonicalPlaceOrderRequest(request)).digest('hex');
}
