import { OrderCancelledV1, OrderConfirmedV1, OrderCreatedV1 } from '@shop/contracts';
import type { AppendEvent } from '@shop/messaging';
import type { OrderEvent } from '@shop/order-domain';

/** The published contract of each domain event; `satisfies` fails the build when an event has none. */
const CONTRACTS = {
  [OrderCreatedV1.type]: OrderCreatedV1,
  [OrderConfirmedV1.type]: OrderConfirmedV1,
  [OrderCancelledV1.type]: OrderCancelledV1,
} satisfies Record<OrderEvent['type'], unknown>;

/**
 * Domain event -> versioned fact on order.<event>.v1, keyed by order id (schemas in libs/contracts).
 * The domain events use the contract's field names, so the data is the event without its type,
 * validated against the published schema before it can leave the service.
 */
export function toOrderEventMessage({ type, ...data }: OrderEvent): AppendEvent<unknown> {
  const contract = CONTRACTS[type];
  return {
    topic: contract.topic,
    type: contract.type,
    subject: data.orderId,
    data: contract.schema.parse(data),
  };
}
