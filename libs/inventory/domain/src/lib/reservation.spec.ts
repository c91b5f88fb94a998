import { Reservation, type ReservationFailure } from './reservation';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const now = new Date('2026-01-01T10:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const reserved = () =>
  Reservation.reserve({
    id: 'r-1',
    orderId: 'o-1',
    lines: [{ productId: A, quantity: 2 }],
    now,
    ttlSeconds: 60,
  });

describe('Reservation lines', () => {
  it('merges duplicate products and sorts by product id (one lock order for everyone: no deadlocks)', () => {
    const result = Reservation.normalizeLines([
      { productId: B, quantity: 1 },
      { productId: A, quantity: 2 },
      { productId: B, quantity: 3 },
    ]);
    expect(result.ok && result.value).toEqual([
      { productId: A, quantity: 2 },
      { productId: B, quantity: 4 },
    ]);
  });

  it.each([
    [[], 'lines'],
    [[{ productId: A, quantity: 0 }], 'lines.0.quantity'],
    [[{ productId: A, quantity: -1 }], 'lines.0.quantity'],
    [[{ productId: A, quantity: 1.5 }], 'lines.0.quantity'],
  ])('rejects %p', (lines, field) => {
    const result = Reservation.normalizeLines(lines);
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([field]);
  });
});

describe('Reservation transitions (idempotent, safe in any order)', () => {
  it('reserves until now + ttl and answers with the reservation', () => {
    const reservation = reserved();
    expect(reservation.status).toBe('RESERVED');
    expect(reservation.reserveOutcome()).toEqual({
      kind: 'reserved',
      reservationId: 'r-1',
      expiresAt: later(60),
    });
  });

  it('commit: RESERVED -> COMMITTED takes the units out of `reserved`; a second commit is a no-op', () => {
    const first = reserved().commit(later(1));
    expect(first).toMatchObject({ outcome: 'committed', from: 'RESERVED', effect: 'commit-reserved' });
    if (first.outcome !== 'committed') throw new Error('fixture');
    expect(first.reservation.status).toBe('COMMITTED');
    const again = first.reservation.commit(later(2));
    expect(again).toMatchObject({ outcome: 'committed', from: 'COMMITTED', effect: 'none' });
  });

  it('release: RESERVED -> RELEASED returns the units; a second release is a no-op', () => {
    const first = reserved().release(later(1));
    expect(first).toMatchObject({ from: 'RESERVED', effect: 'return-reserved' });
    expect(first.reservation.status).toBe('RELEASED');
    expect(first.reservation.release(later(2))).toMatchObject({ from: 'RELEASED', effect: 'none' });
  });

  it('release after commit restocks the sold units (the order failed after the commit step)', () => {
    const committed = reserved().commit(later(1));
    if (committed.outcome !== 'committed') throw new Error('fixture');
    const released = committed.reservation.release(later(2));
    expect(released).toMatchObject({ from: 'COMMITTED', effect: 'restock-committed' });
    expect(released.reservation.status).toBe('RELEASED');
  });

  it.each(['release', 'expire'] as const)('commit after %s is refused: no stock is held any more', (how) => {
    const gone = how === 'release' ? reserved().release(later(1)) : reserved().expire(later(61));
    const decision = gone.reservation.commit(later(62));
    expect(decision).toEqual({
      outcome: 'refused',
      failure: {
        code: 'INVENTORY.OUT_OF_STOCK',
        reason: expect.stringContaining(how === 'release' ? 'released' : 'expired'),
        productIds: [A],
      },
    });
  });

  it('expires only a RESERVED reservation, and only once it is due', () => {
    expect(reserved().expire(later(59))).toMatchObject({ from: 'RESERVED', effect: 'none' });
    const expired = reserved().expire(later(60));
    expect(expired).toMatchObject({ from: 'RESERVED', effect: 'return-reserved' });
    expect(expired.reservation.status).toBe('EXPIRED');
    expect(expired.reservation.expire(later(120)).effect).toBe('none');
    expect(expired.reservation.release(later(120)).effect).toBe('none');
    const committed = reserved().commit(later(1));
    if (committed.outcome !== 'committed') throw new Error('fixture');
    expect(committed.reservation.expire(later(120)).effect).toBe('none');
  });

  it('keeps the original answer to ReserveStock after later transitions', () => {
    const released = reserved().release(later(1)).reservation;
    expect(released.reserveOutcome()).toEqual(reserved().reserveOutcome());
  });

  it('a rejected reservation answers with its failure, holds nothing and cannot be committed', () => {
    const failure: ReservationFailure = {
      code: 'INVENTORY.OUT_OF_STOCK',
      reason: 'not enough stock',
      productIds: [B],
    };
    const rejected = Reservation.reject({
      id: 'r-2',
      orderId: 'o-2',
      lines: [{ productId: B, quantity: 5 }],
      failure,
      now,
    });
    expect(rejected.reserveOutcome()).toEqual({ kind: 'rejected', failure });
    expect(rejected.commit(later(1))).toEqual({ outcome: 'refused', failure });
    expect(rejected.release(later(1))).toMatchObject({ from: 'REJECTED', effect: 'none' });
    expect(rejected.expire(later(100)).effect).toBe('none');
  });
});
