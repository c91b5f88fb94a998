import { Injectable } from '@nestjs/common';
import type { orderV1 } from '@shop/contracts';
import { isUuid, OrderErrors } from '@shop/order-domain';
import { err, ok, type Result } from '@shop/shared-kernel';
import { toOrderSummary } from '../order-view.mapper';
import { OrderRepository } from '../persistence/order.repository';
import { decodeCursor, encodeCursor } from './order-cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A customer's orders, newest first, one keyset page at a time. */
@Injectable()
export class ListOrdersHandler {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: {
    customerId: string;
    cursor: string;
    limit: number;
  }): Promise<Result<orderV1.ListOrdersResponse>> {
    if (!Number.isInteger(query.limit) || query.limit < 0 || query.limit > MAX_PAGE_SIZE) {
      return err(OrderErrors.invalidInput([{ field: 'limit', message: `must be 1-${MAX_PAGE_SIZE}` }]));
    }
    if (!isUuid(query.customerId)) return ok({ orders: [], nextCursor: '' });
    const position = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !position) return err(OrderErrors.invalidCursor());

    const limit = query.limit || DEFAULT_PAGE_SIZE;
    // One more than asked: its presence says whether there is a next page.
    const found = await this.orders.listForCustomer(query.customerId, position, limit + 1);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return ok({
      orders: page.map(toOrderSummary),
      nextCursor:
        found.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : '',
    });
  }
}
