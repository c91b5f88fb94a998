import { decodeCursor, encodeCursor } from './order-cursor';

describe('ListOrders cursor', () => {
  const position = {
    createdAt: new Date('2026-03-01T10:00:00.123Z'),
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  };

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    'not base64 json',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["2026-03-01T10:00:00Z","not-a-uuid"]').toString('base64url'),
    Buffer.from('["yesterday","aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"]').toString('base64url'),
  ])('refuses %p', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
