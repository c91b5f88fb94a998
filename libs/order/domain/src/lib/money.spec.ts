import { Money, MoneyError } from './money';

const eur = (amountMinor: number) => {
  const money = Money.of(amountMinor, 'EUR');
  if (!money.ok) throw new Error(money.error.message);
  return money.value;
};

describe('Money (integer minor units, one currency)', () => {
  it('adds and multiplies exactly, where floats would drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is 30.
    expect(eur(10).add(eur(20)).toJSON()).toEqual({ amountMinor: 30, currency: 'EUR' });
    expect(eur(1999).times(3).amountMinor).toBe(5997);
    expect(eur(1999).times(0).amountMinor).toBe(0);
  });

  it('sums a list, and an empty list is zero of the given currency', () => {
    expect(Money.sum([eur(1), eur(2), eur(3)], 'EUR').amountMinor).toBe(6);
    expect(Money.sum([], 'USD').toJSON()).toEqual({ amountMinor: 0, currency: 'USD' });
  });

  it('refuses to mix currencies', () => {
    const usd = Money.zero('USD');
    expect(() => eur(100).add(usd)).toThrow(MoneyError);
    expect(() => Money.sum([eur(1)], 'USD')).toThrow('cannot combine USD with EUR');
  });

  it('refuses to leave the safe integer range instead of losing precision', () => {
    const big = eur(Number.MAX_SAFE_INTEGER - 1);
    expect(() => big.add(eur(2))).toThrow(MoneyError);
    expect(() => eur(2 ** 40).times(2 ** 20)).toThrow(MoneyError);
    expect(big.add(eur(1)).amountMinor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects invalid quantities', () => {
    expect(() => eur(1).times(1.5)).toThrow(MoneyError);
    expect(() => eur(1).times(-1)).toThrow(MoneyError);
  });

  it.each([
    [1.5, 'EUR', 'amount'],
    [-1, 'EUR', 'amount'],
    [Number.NaN, 'EUR', 'amount'],
    [2 ** 53, 'EUR', 'amount'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('Money.of(%p, %p) fails naming the %s', (amount, currency, what) => {
    const money = Money.of(amount, currency);
    expect(money.ok).toBe(false);
    expect(!money.ok && money.error.code).toBe('ORDER.INVALID_MONEY');
    expect(!money.ok && money.error.message).toMatch(what);
  });

  it('compares by amount and currency', () => {
    expect(eur(5).equals(eur(5))).toBe(true);
    expect(eur(5).equals(eur(6))).toBe(false);
    expect(Money.zero('EUR').equals(Money.zero('USD'))).toBe(false);
  });
});
