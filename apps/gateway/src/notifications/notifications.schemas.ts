import { z } from 'zod';

// GET /v1/me/notifications?cursor=&limit= : shapes and bounds at the edge; the
// notification service decides whether a cursor is valid for the caller.
export const listNotificationsQuery = z.strictObject({
  cursor: z.string().min(1).max(64).optional().meta({ description: '`nextCursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(100).optional().meta({ description: 'Page size (default 20).' }),
});
