import { Money, MoneyError } from './money';

const eur = (minor: number) => Money.fromTrusted(minor, 'EUR');

describe('Money (integer minor units, one currency)', () => {
  it('adds, subtracts and multiplies exactly, where floats would not', () => {
    // 0.10 + 0.20 in floats is 0.30000000000000004; in cents it is 30.
    expect(eur(10).add(eur(20)).amountMinor).toBe(30);
    expect(eur(1999).multiply(3).toJSON()).toEqual({ amountMinor: 5997, currency: 'EUR' });
    expect(eur(500).subtract(eur(125)).amountMinor).toBe(375);
    expect(Money.sum([eur(1), eur(2), eur(3)], 'EUR').amountMinor).toBe(6);
    expect(Money.sum([], 'USD').equals(Money.zero('USD'))).toBe(true);
  });

  it('is immutable', () => {
    const price = eur(100);
    price.add(eur(1));
    expect(price.amountMinor).toBe(100);
  });

  it.each([
    [-1, 'EUR', 'amountMinor'],
    [1.5, 'EUR', 'amountMinor'],
    [Number.NaN, 'EUR', 'amountMinor'],
    [2 ** 53, 'EUR', 'amountMinor'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('rejects %p %p naming the field', (amount, currency, field) => {
    const result = Money.of(amount, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVENTORY.INVALID_INPUT');
      expect(result.error.fields.map((f) => f.field)).toEqual([field]);
    }
  });

  it('refuses to mix currencies', () => {
    const usd = Money.fromTrusted(100, 'USD');
    expect(() => eur(100).add(usd)).toThrow(MoneyError);
    expect(() => eur(100).compare(usd)).toThrow(/cannot combine EUR with USD/);
    expect(eur(100).equals(usd)).toBe(false);
  });

  it('never goes negative', () => {
    expect(() => eur(1).subtract(eur(2))).toThrow(expect.objectContaining({ code: 'MONEY.NEGATIVE' }));
  });

  it('fails instead of rounding when a result leaves the safe-integer range', () => {
    const big = eur(Number.MAX_SAFE_INTEGER - 1);
    expect(big.add(eur(1)).amountMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => big.add(eur(2))).toThrow(expect.objectContaining({ code: 'MONEY.OVERFLOW' }));
    expect(() => eur(2 ** 30).multiply(2 ** 30)).toThrow(expect.objectContaining({ code: 'MONEY.OVERFLOW' }));
  });

  it('multiplies only by non-negative integers', () => {
    expect(eur(10).multiply(0).isZero()).toBe(true);
    expect(() => eur(10).multiply(1.5)).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_FACTOR' }));
    expect(() => eur(10).multiply(-1)).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_FACTOR' }));
  });

  it('compares within a currency', () => {
    expect(Math.sign(eur(1).compare(eur(2)))).toBe(-1);
    expect(eur(2).compare(eur(2))).toBe(0);
  });
});
