// Opaque page cursor: the id of the last notification of the previous page,
// versioned so its format can change without breaking pages held by clients.
const PREFIX = 'n1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (lastNotificationId: string): string =>
  Buffer.from(`${PREFIX}${lastNotificationId}`, 'utf8').toString('base64url');

/** The notification id a cursor points after, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return undefined;
  const id = decoded.slice(PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : undefined;
}
