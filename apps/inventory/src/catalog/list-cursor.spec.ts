import { decodeCursor, encodeCursor } from './list-cursor';

describe('ListProducts cursor (opaque keyset position)', () => {
  const filter = { active: true, query: 'mug', minPriceMinor: 100 };

  it('round-trips the last sku for the same filters', () => {
    const cursor = encodeCursor('MUG-002', filter);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe
    expect(decodeCursor(cursor, { ...filter })).toEqual({ afterSku: 'MUG-002' });
  });

  it('is refused for different filters', () => {
    const cursor = encodeCursor('MUG-002', filter);
    expect(decodeCursor(cursor, { ...filter, query: 'cup' })).toBeNull();
    expect(decodeCursor(cursor, { ...filter, active: undefined })).toBeNull();
  });

  it.each(['', 'not-base64!', Buffer.from('{"v":2,"a":"X"}').toString('base64url'), 'x'.repeat(600)])(
    'refuses a malformed cursor %#',
    (cursor) => {
      expect(decodeCursor(cursor, filter)).toBeNull();
    },
  );
});
