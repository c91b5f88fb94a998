import { z } from 'zod';
import { defineEvent } from '../define-event';
import { moneySchema } from '../shared/money';

// Facts about orders, published by order through its outbox, keyed by orderId.
// Anyone may consume them (notification emails the customer).

const orderFact = { orderId: z.uuid(), customerId: z.uuid(), total: moneySchema };

export const OrderCreatedV1 = defineEvent('shop.order.created.v1', 'order.created.v1', {
  ...orderFact,
  lines: z.array(z.object({ productId: z.uuid(), quantity: z.number().int().positive() })).min(1),
  createdAt: z.iso.datetime({ offset: true }),
});

export const OrderConfirmedV1 = defineEvent('shop.order.confirmed.v1', 'order.confirmed.v1', {
  ...orderFact,
  confirmedAt: z.iso.datetime({ offset: true }),
});

export const OrderCancelledV1 = defineEvent('shop.order.cancelled.v1', 'order.cancelled.v1', {
  ...orderFact,
  /** Stable code of the failure that cancelled it, e.g. INVENTORY.OUT_OF_STOCK, PAYMENT.DECLINED, ORDER.STEP_TIMED_OUT. */
  code: z.string().min(1),
  reason: z.string(),
  cancelledAt: z.iso.datetime({ offset: true }),
});

export type OrderCreatedV1Data = z.infer<typeof OrderCreatedV1.schema>;
export type OrderConfirmedV1Data = z.infer<typeof OrderConfirmedV1.schema>;
export type OrderCancelledV1Data = z.infer<typeof OrderCancelledV1.schema>;
