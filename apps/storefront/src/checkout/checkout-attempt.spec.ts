import { attemptFor } from './checkout-attempt';

const request = { lines: [{ productId: 'p1', quantity: 2 }], paymentMethodToken: 'pm_card_visa' };
let counter = 0;
const newKey = () => `key-${(counter += 1)}`;

describe('attemptFor: one Idempotency-Key per checkout attempt', () => {
  it('the first submit makes a key; a resubmit of the same request (double-click, retry) reuses it', () => {
    const first = attemptFor(null, request, newKey);
    const again = attemptFor(first, { ...request, lines: [{ productId: 'p1', quantity: 2 }] }, newKey);
    expect(again).toBe(first);
  });

  it('another request (another card, another quantity) is a new attempt with a new key', () => {
    const first = attemptFor(null, request, newKey);
    const otherCard = attemptFor(first, { ...request, paymentMethodToken: 'pm_card_chargeDeclined' }, newKey);
    const otherQuantity = attemptFor(
      first,
      { ...request, lines: [{ productId: 'p1', quantity: 3 }] },
      newKey,
    );
    expect(new Set([first.idempotencyKey, otherCard.idempotencyKey, otherQuantity.idempotencyKey]).size).toBe(
      3,
    );
  });
});
