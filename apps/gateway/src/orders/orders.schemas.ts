import { z } from 'zod';
import { pageCursor, pageLimit } from '../pagination.schemas';

// Request shapes checked at the edge: wrong types and missing fields are
// answered with field-level problem+json 400s before the order service is
// called. Business rules (quantities 1-1000, distinct products, key format) are
// the order service's; the gateway bounds sizes so oversized values never travel.
export const placeOrderBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: z.string().max(64),
        // int32 on the wire; the order service enforces 1-1000.
        quantity: z
          .number()
          .int()
          .min(-(2 ** 31))
          .max(2 ** 31 - 1),
      }),
    )
    .max(100),
  paymentMethodToken: z
    .string()
    .max(200)
    .meta({ description: 'A payment-provider token, e.g. `pm_card_visa` (README: test cards).' }),
});

export const orderIdParam = z.string().max(64);

// GET /v1/orders?cursor=&limit=
export const listOrdersQuery = z.strictObject({
  cursor: pageCursor(200, 'ORDER.INVALID_CURSOR'),
  limit: pageLimit,
});
