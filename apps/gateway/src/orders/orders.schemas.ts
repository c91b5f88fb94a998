import { z } from 'zod';
import { pageCursor, pageLimit } from '../pagination.schemas';
import { text } from '../request-fields';

// The order service's rules for a new order, stated at the edge (request-fields.ts) so the
// document says what is accepted: 1-100 lines, a product id and 1-1000 units each, a payment
// method token. Two rules no schema can state are in the descriptions: one line per product,
// and every product must exist (400 ORDER.INVALID_INPUT / ORDER.UNKNOWN_PRODUCT).
export const placeOrderBody = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          productId: z.uuid(),
          quantity: z.number().int().min(1).max(1000),
        }),
      )
      .min(1)
      .max(100)
      .meta({ description: 'One line per product (a product twice: 400 `ORDER.INVALID_INPUT`).' }),
    paymentMethodToken: text({ min: 1, max: 200, notBlank: true }).meta({
      description: 'A payment-provider token, e.g. `pm_card_visa` (README: test cards).',
    }),
  })
  .meta({ id: 'PlaceOrderRequest' });

export const orderIdParam = text({ max: 64 });

// GET /v1/orders?cursor=&limit=
export const listOrdersQuery = z.strictObject({
  cursor: pageCursor(200, 'ORDER.INVALID_CURSOR'),
  limit: pageLimit,
});
