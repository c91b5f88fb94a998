import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * The place-order saga's conversation with inventory. Commands go to
 * `inventory.commands.v1`, replies to `inventory.replies.v1`, both keyed by
 * orderId (one order's messages stay ordered) and sent through the sender's
 * outbox, received through the receiver's inbox. Every command is
 * idempotent per orderId: a redelivered command gets the same reply again.
 */
export const InventoryTopics = {
  commands: 'inventory.commands.v1',
  replies: 'inventory.replies.v1',
} as const;

const orderId = z.uuid();
const line = z.object({ productId: z.uuid(), quantity: z.number().int().positive().max(1000) });

/** All-or-nothing across lines; expires unless committed or released. */
export const ReserveStockV1 = defineEvent('shop.inventory.reserve-stock.v1', InventoryTopics.commands, {
  orderId,
  lines: z.array(line).min(1).max(100),
});
export const CommitStockV1 = defineEvent('shop.inventory.commit-stock.v1', InventoryTopics.commands, {
  orderId,
});
export const ReleaseStockV1 = defineEvent('shop.inventory.release-stock.v1', InventoryTopics.commands, {
  orderId,
  reason: z.string().min(1).max(500),
});

export const StockReservedV1 = defineEvent('shop.inventory.stock-reserved.v1', InventoryTopics.replies, {
  orderId,
  reservationId: z.uuid(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export const StockReservationFailedV1 = defineEvent(
  'shop.inventory.stock-reservation-failed.v1',
  InventoryTopics.replies,
  {
    orderId,
    code: z.enum(['INVENTORY.OUT_OF_STOCK', 'INVENTORY.UNKNOWN_PRODUCT', 'INVENTORY.PRODUCT_INACTIVE']),
    reason: z.string(),
    productIds: z.array(z.uuid()),
  },
);
export const StockCommittedV1 = defineEvent('shop.inventory.stock-committed.v1', InventoryTopics.replies, {
  orderId,
});
/** Also the reply when there was nothing to release (never reserved, expired): release is idempotent. */
export const StockReleasedV1 = defineEvent('shop.inventory.stock-released.v1', InventoryTopics.replies, {
  orderId,
});

export type ReserveStockV1Data = z.infer<typeof ReserveStockV1.schema>;
export type CommitStockV1Data = z.infer<typeof CommitStockV1.schema>;
export type ReleaseStockV1Data = z.infer<typeof ReleaseStockV1.schema>;
export type StockReservedV1Data = z.infer<typeof StockReservedV1.schema>;
export type StockReservationFailedV1Data = z.infer<typeof StockReservationFailedV1.schema>;
export type StockCommittedV1Data = z.infer<typeof StockCommittedV1.schema>;
export type StockReleasedV1Data = z.infer<typeof StockReleasedV1.schema>;
