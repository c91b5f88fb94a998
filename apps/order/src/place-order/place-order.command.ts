import {
  isUuid,
  Order,
  OrderErrors,
  type PlaceOrderRequest,
  type RequestedLine,
  validateIdempotencyKey,
} from '@shop/order-domain';
import { err, ok, type Result } from '@shop/shared-kernel';
import type { IdempotentRequest } from '../idempotency/idempotent-command';
import { requestFingerprint } from '../idempotency/request-fingerprint';

/** PlaceOrder as it arrives, not yet checked. */
export interface PlaceOrderInput {
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly lines: readonly RequestedLine[];
  readonly paymentMethodToken: string;
}

export interface PlaceOrderCommand {
  readonly customerId: string;
  readonly request: PlaceOrderRequest;
  readonly idempotency: IdempotentRequest;
}

/** Checks the input before the key is claimed or anyone is called: bad input writes nothing. */
export function toPlaceOrderCommand(input: PlaceOrderInput): Result<PlaceOrderCommand> {
  if (!isUuid(input.customerId)) {
    return err(OrderErrors.invalidInput([{ field: 'customerId', message: 'must be a UUID' }]));
  }
  const key = validateIdempotencyKey(input.idempotencyKey);
  if (!key.ok) return key;
  const request = Order.validateRequest(input);
  if (!request.ok) return request;

  const customerId = input.customerId.toLowerCase();
  return ok({
    customerId,
    request: request.value,
    idempotency: { ref: { customerId, key: key.value }, fingerprint: requestFingerprint(request.value) },
  });
}
