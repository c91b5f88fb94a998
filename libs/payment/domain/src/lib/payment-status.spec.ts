import { canTransition, isFinal, PAYMENT_STATUSES, PaymentStatus } from './payment-status';

describe('payment state machine', () => {
  const legal: [PaymentStatus, PaymentStatus][] = [
    ['AUTHORIZING', 'AUTHORIZED'],
    ['AUTHORIZING', 'FAILED'],
    ['AUTHORIZED', 'CAPTURED'],
    ['AUTHORIZED', 'VOIDED'],
    ['AUTHORIZED', 'FAILED'],
    ['CAPTURED', 'REFUNDED'],
  ];

  it.each(legal)('%s -> %s is legal', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  // Every pair not listed above is illegal: the table is the whole truth.
  const illegal = PAYMENT_STATUSES.flatMap((from) =>
    PAYMENT_STATUSES.filter((to) => !legal.some(([f, t]) => f === from && t === to)).map(
      (to) => [from, to] as [PaymentStatus, PaymentStatus],
    ),
  );
  it.each(illegal)('%s -> %s is illegal', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('VOIDED, REFUNDED and FAILED are final', () => {
    expect(PAYMENT_STATUSES.filter(isFinal).sort()).toEqual(['FAILED', 'REFUNDED', 'VOIDED']);
  });
});
