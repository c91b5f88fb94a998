import { Injectable } from '@nestjs/common';
import { AppError, parseRequest } from '@shop/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { NotificationStatus } from '../persistence/notification.record';
import { decodeCursor, encodeCursor } from './notification-cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const listQuery = z.object({
  userId: z.uuid(),
  cursor: z.string().max(64),
  /** 0 (proto3 default: not set) means the default page size. */
  limit: z.number().int().min(0).max(MAX_PAGE_SIZE),
});

export interface NotificationSummary {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly status: NotificationStatus;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface NotificationPage {
  readonly items: NotificationSummary[];
  readonly nextCursor: string | undefined;
}

interface SummaryRow {
  id: string;
  kind: string;
  subject: string;
  status: NotificationStatus;
  created_at: Date;
  sent_at: Date | null;
}

/**
 * One user's notifications, newest first. Keyset pagination on (created_at, id)
 * - an index range scan (notifications_user_idx), stable while new rows arrive,
 * unlike OFFSET. Every query is scoped by user id, the cursor's row included:
 * one user's cursor never opens another user's list.
 */
@Injectable()
export class ListNotificationsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(request: z.input<typeof listQuery>): Promise<NotificationPage> {
    const { userId, cursor, limit } = parseRequest(listQuery, request);
    const pageSize = limit === 0 ? DEFAULT_PAGE_SIZE : limit;
    const after = cursor ? await this.cursorRow(userId, cursor) : undefined;
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT id, kind, subject, status, created_at, sent_at
         FROM notifications
        WHERE user_id = $1
          AND ($2::uuid IS NULL
               OR (created_at, id) < (SELECT created_at, id FROM notifications WHERE id = $2 AND user_id = $1))
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [userId, after ?? null, pageSize + 1],
    );
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        kind: row.kind,
        subject: row.subject,
        status: row.status,
        createdAt: row.created_at,
        sentAt: row.sent_at,
      })),
      nextCursor: rows.length > pageSize && last ? encodeCursor(last.id) : undefined,
    };
  }

  private async cursorRow(userId: string, cursor: string): Promise<string> {
    const id = decodeCursor(cursor);
    const found: unknown[] = id
      ? await this.dataSource.query('SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2', [
          id,
          userId,
        ])
      : [];
    if (!id || found.length === 0) {
      throw AppError.invalidArgument('NOTIFICATION.INVALID_CURSOR', 'The cursor is not valid for this list', [
        { field: 'cursor', message: 'not a cursor of this list' },
      ]);
    }
    return id;
  }
}
