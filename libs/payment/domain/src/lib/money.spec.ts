import { Money } from './money';

describe('Money (integer minor units, ISO 4217)', () => {
  it('accepts integer minor units and an upper-case currency', () => {
    const money = Money.of(1999, 'EUR');
    expect(money.ok && money.value.toJSON()).toEqual({ amountMinor: 1999, currency: 'EUR' });
  });

  it.each([
    [19.99, 'EUR', 'amountMinor'],
    [-1, 'EUR', 'amountMinor'],
    [Number.MAX_SAFE_INTEGER + 1, 'EUR', 'amountMinor'],
    [Number.NaN, 'EUR', 'amountMinor'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('rejects %p %p naming %s', (amount, currency, field) => {
    const money = Money.of(amount, currency);
    expect(money.ok).toBe(false);
    if (!money.ok) {
      expect(money.error.code).toBe('PAYMENT.INVALID_AMOUNT');
      expect(money.error.fields.map((f) => f.field)).toEqual([field]);
    }
  });

  it('compares by amount and currency', () => {
    const a = Money.of(100, 'EUR');
    const b = Money.of(100, 'EUR');
    const c = Money.of(100, 'USD');
    if (!a.ok || !b.ok || !c.ok) throw new Error('fixture');
    expect(a.value.equals(b.value)).toBe(true);
    expect(a.value.equals(c.value)).toBe(false);
    expect(Money.of(0, 'EUR').ok && Money.of(0, 'EUR')).toMatchObject({ value: { isZero: true } });
  });
});
