import { fingerprintOf, IdempotencyStore } from './idempotency.store';

describe('provider idempotency keys', () => {
  const fp = fingerprintOf('POST', '/v1/charges', { amount: 100, currency: 'eur' });

  it('first use runs, a repeat replays the stored response', () => {
    const store = new IdempotencyStore(10);
    expect(store.claim('k', fp)).toEqual({ kind: 'new' });
    store.complete('k', fp, { status: 200, body: { id: 'ch_1' } });
    expect(store.claim('k', fp)).toEqual({ kind: 'replay', response: { status: 200, body: { id: 'ch_1' } } });
  });

  it('a declined (4xx) answer is stored too: the decline is the outcome of that key', () => {
    const store = new IdempotencyStore(10);
    store.claim('k', fp);
    store.complete('k', fp, { status: 402, body: { error: { code: 'card_declined' } } });
    expect(store.claim('k', fp)).toMatchObject({ kind: 'replay', response: { status: 402 } });
  });

  it('same key with a different request is a mismatch', () => {
    const store = new IdempotencyStore(10);
    store.claim('k', fp);
    store.complete('k', fp, { status: 200, body: {} });
    const other = fingerprintOf('POST', '/v1/charges', { amount: 101, currency: 'eur' });
    expect(store.claim('k', other)).toEqual({ kind: 'mismatch' });
  });

  it('a duplicate while the first is running is in flight', () => {
    const store = new IdempotencyStore(10);
    store.claim('k', fp);
    expect(store.claim('k', fp)).toEqual({ kind: 'in_flight' });
  });

  it('5xx answers and abandoned executions are forgotten, so the retry runs', () => {
    const store = new IdempotencyStore(10);
    store.claim('a', fp);
    store.complete('a', fp, { status: 500, body: {} });
    expect(store.claim('a', fp)).toEqual({ kind: 'new' });
    store.abandon('a');
    expect(store.claim('a', fp)).toEqual({ kind: 'new' });
  });

  it('keys expire after the TTL and the store is bounded', () => {
    let now = 0;
    const store = new IdempotencyStore(2, 1_000, () => now);
    store.claim('a', fp);
    store.claim('b', fp);
    store.claim('c', fp);
    expect(store.claim('a', fp)).toEqual({ kind: 'new' }); // evicted by the bound
    now = 1_000;
    expect(store.claim('c', fp)).toEqual({ kind: 'new' }); // expired
  });

  it('the fingerprint ignores key order but not values', () => {
    expect(fingerprintOf('POST', '/x', { a: 1, b: { c: 2, d: 3 } })).toBe(
      fingerprintOf('POST', '/x', { b: { d: 3, c: 2 }, a: 1 }),
    );
    expect(fingerprintOf('POST', '/x', { a: 1 })).not.toBe(fingerprintOf('POST', '/y', { a: 1 }));
    expect(fingerprintOf('POST', '/x', { a: 1 })).not.toBe(fingerprintOf('POST', '/x', { a: 2 }));
  });
});
