import { OrderCancelledV1, OrderConfirmedV1, OrderCreatedV1 } from '@shop/contracts';
import type { AppendEvent } from '@shop/messaging';
import type { OrderEvent } from '@shop/order-domain';

/** Domain event -> versioned fact on order.<event>.v1, keyed by order id (schemas in libs/contracts). */
export function toOrderEventMessage(event: OrderEvent): AppendEvent<unknown> {
  switch (event.type) {
    case 'shop.order.created.v1':
      return {
        topic: OrderCreatedV1.topic,
        type: OrderCreatedV1.type,
        subject: event.orderId,
        data: OrderCreatedV1.schema.parse({
          orderId: event.orderId,
          customerId: event.customerId,
          total: event.total,
          lines: event.lines,
          createdAt: event.createdAt,
        }),
      };
    case 'shop.order.confirmed.v1':
      return {
        topic: OrderConfirmedV1.topic,
        type: OrderConfirmedV1.type,
        subject: event.orderId,
        data: OrderConfirmedV1.schema.parse({
          orderId: event.orderId,
          customerId: event.customerId,
          total: event.total,
          confirmedAt: event.confirmedAt,
        }),
      };
    case 'shop.order.cancelled.v1':
      return {
        topic: OrderCancelledV1.topic,
        type: OrderCancelledV1.type,
        subject: event.orderId,
        data: OrderCancelledV1.schema.parse({
          orderId: event.orderId,
          customerId: event.customerId,
          total: event.total,
          code: event.code,
          reason: event.reason,
          cancelledAt: event.cancelledAt,
        }),
      };
  }
}
