import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from './notification-cursor';

describe('notification cursor', () => {
  it('round-trips a notification id and is opaque (base64url)', () => {
    const id = randomUUID();
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['not ours', Buffer.from('x1:abc').toString('base64url')],
    ['no uuid', Buffer.from('n1:123').toString('base64url')],
    ['too long', 'a'.repeat(65)],
    ['empty', ''],
  ])('rejects %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
