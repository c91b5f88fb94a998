import { canonicalPlaceOrderRequest, decideOnStoredKey, validateIdempotencyKey } from './idempotency-key';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

describe('Idempotency-Key rules (P05)', () => {
  describe('validateIdempotencyKey', () => {
    it('accepts an opaque visible-ASCII key up to 255 characters', () => {
      expect(validateIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324').ok).toBe(true);
      expect(validateIdempotencyKey('k'.repeat(255)).ok).toBe(true);
    });

    it('rejects a missing key with its own code', () => {
      const result = validateIdempotencyKey('');
      expect(!result.ok && result.error.code).toBe('ORDER.IDEMPOTENCY_KEY_MISSING');
    });

    it.each(['k'.repeat(256), 'has space', 'tab\tinside', 'ümlaut'])('rejects %p', (key) => {
      const result = validateIdempotencyKey(key);
      expect(!result.ok && result.error.code).toBe('ORDER.IDEMPOTENCY_KEY_INVALID');
    });
  });

  describe('canonicalPlaceOrderRequest (the fingerprint input)', () => {
    const request = {
      lines: [
        { productId: P2, quantity: 1 },
        { productId: P1, quantity: 3 },
      ],
      paymentMethodToken: 'pm_1',
    };

    it('ignores line order, id case and token whitespace', () => {
      const same = {
        lines: [
          { productId: P1.toUpperCase(), quantity: 3 },
          { productId: P2, quantity: 1 },
        ],
        paymentMethodToken: ' pm_1 ',
      };
      expect(canonicalPlaceOrderRequest(same)).toBe(canonicalPlaceOrderRequest(request));
    });

    it.each([
      ['a quantity', { ...request, lines: [request.lines[0], { productId: P1, quantity: 4 }] }],
      ['a product', { ...request, lines: [request.lines[0]] }],
      ['the payment method', { ...request, paymentMethodToken: 'pm_2' }],
    ])('changes with %s', (_, other) => {
      expect(canonicalPlaceOrderRequest(other as typeof request)).not.toBe(
        canonicalPlaceOrderRequest(request),
      );
    });
  });

  describe('decideOnStoredKey', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const inFuture = new Date(now.getTime() + 1_000);
    const inPast = new Date(now.getTime() - 1);

    it('KEY_REUSED for a different request, whatever the state (422)', () => {
      expect(
        decideOnStoredKey({ fingerprint: 'a', status: 'COMPLETED', leaseExpiresAt: inPast }, 'b', now),
      ).toBe('KEY_REUSED');
      expect(
        decideOnStoredKey({ fingerprint: 'a', status: 'IN_FLIGHT', leaseExpiresAt: inFuture }, 'b', now),
      ).toBe('KEY_REUSED');
    });

    it('REPLAY when the same request completed', () => {
      expect(
        decideOnStoredKey({ fingerprint: 'a', status: 'COMPLETED', leaseExpiresAt: inPast }, 'a', now),
      ).toBe('REPLAY');
    });

    it('IN_PROGRESS while the first request holds its lease (409)', () => {
      expect(
        decideOnStoredKey({ fingerprint: 'a', status: 'IN_FLIGHT', leaseExpiresAt: inFuture }, 'a', now),
      ).toBe('IN_PROGRESS');
    });

    it('TAKE_OVER once the lease of an unfinished request expired (its owner died)', () => {
      expect(
        decideOnStoredKey({ fingerprint: 'a', status: 'IN_FLIGHT', leaseExpiresAt: now }, 'a', now),
      ).toBe('TAKE_OVER');
    });
  });
});
