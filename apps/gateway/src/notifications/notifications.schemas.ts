import { z } from 'zod';
import { pageCursor, pageLimit } from '../pagination.schemas';

// GET /v1/me/notifications?cursor=&limit= : shapes and bounds at the edge; the
// notification service decides whether a cursor is valid for the caller.
export const listNotificationsQuery = z.strictObject({
  cursor: pageCursor(64, 'NOTIFICATION.INVALID_CURSOR'),
  limit: pageLimit,
});
