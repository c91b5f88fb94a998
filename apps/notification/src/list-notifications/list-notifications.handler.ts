import { Injectable } from '@nestjs/common';
import { AppError, parseRequest } from '@shop/platform';
import { z } from 'zod';
import { NotificationRepository, type NotificationSummary } from '../persistence/notification.repository';
import { decodeCursor, encodeCursor } from './notification-cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const listQuery = z.object({
  userId: z.uuid(),
  cursor: z.string().max(64),
  /** 0 (proto3 default: not set) means the default page size. */
  limit: z.number().int().min(0).max(MAX_PAGE_SIZE),
});

export interface NotificationPage {
  readonly items: NotificationSummary[];
  readonly nextCursor: string | undefined;
}

/**
 * One user's notifications, newest first, a page at a time (keyset pagination:
 * the opaque cursor names the last notification seen). Every query is scoped by
 * user id, the cursor's row included: one user's cursor never opens another
 * user's list.
 */
@Injectable()
export class ListNotificationsHandler {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(request: z.input<typeof listQuery>): Promise<NotificationPage> {
    const { userId, cursor, limit } = parseRequest(listQuery, request);
    const pageSize = limit === 0 ? DEFAULT_PAGE_SIZE : limit;
    const after = cursor ? await this.cursorRow(userId, cursor) : undefined;
    // One row more than the page: it tells whether there is a next page.
    const found = await this.notifications.listForUser(userId, after ?? null, pageSize + 1);
    const items = found.slice(0, pageSize);
    const last = items.at(-1);
    return { items, nextCursor: found.length > pageSize && last ? encodeCursor(last.id) : undefined };
  }

  private async cursorRow(userId: string, cursor: string): Promise<string> {
    const id = decodeCursor(cursor);
    if (!id || !(await this.notifications.belongsTo(id, userId))) {
      throw AppError.invalidArgument('NOTIFICATION.INVALID_CURSOR', 'The cursor is not valid for this list', [
        { field: 'cursor', message: 'not a cursor of this list' },
      ]);
    }
    return id;
  }
}
