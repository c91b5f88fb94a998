import { Product } from './product';
import { validateStockQuantity } from './stock-level';

const now = new Date('2026-01-01T10:00:00.000Z');
const valid = {
  id: 'p-1',
  sku: ' kb-001 ',
  name: ' Keyboard ',
  description: 'Mechanical',
  priceMinor: 8999,
  currency: 'EUR',
  now,
};

describe('Product', () => {
  it('normalises sku and name, starts active at version 1', () => {
    const result = Product.create(valid);
    expect(result.ok && result.value.snapshot).toMatchObject({
      sku: 'KB-001',
      name: 'Keyboard',
      active: true,
      version: 1,
    });
    expect(result.ok && result.value.price.toJSON()).toEqual({ amountMinor: 8999, currency: 'EUR' });
  });

  it('reports every invalid field at once', () => {
    const result = Product.create({ ...valid, sku: 'no spaces', name: '', priceMinor: -5, currency: 'eu' });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([
      'sku',
      'name',
      'priceMinor',
      'currency',
    ]);
  });

  // Money itself (arithmetic, validation): @shop/shared-kernel money.spec.ts. Here: inventory's naming.
  it.each([
    [-1, 'EUR', 'priceMinor'],
    [1.5, 'EUR', 'priceMinor'],
    [Number.NaN, 'EUR', 'priceMinor'],
    [2 ** 53, 'EUR', 'priceMinor'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('rejects the price %p %p as INVENTORY.INVALID_INPUT naming %s', (priceMinor, currency, field) => {
    const result = Product.create({ ...valid, priceMinor, currency });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVENTORY.INVALID_INPUT');
      expect(result.error.fields.map((f) => f.field)).toEqual([field]);
    }
  });

  it('bounds the price', () => {
    const result = Product.create({ ...valid, priceMinor: 1_000_000_001 });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual(['priceMinor']);
  });

  describe('update', () => {
    const product = () => {
      const created = Product.create(valid);
      if (!created.ok) throw new Error('fixture');
      return created.value;
    };
    const later = new Date('2026-01-02T10:00:00.000Z');

    it('changes the price, bumps the version and says the price changed', () => {
      const result = product().update({ priceMinor: 7999 }, later);
      expect(result.ok && result.value.changed).toBe(true);
      expect(result.ok && result.value.priceChanged).toBe(true);
      expect(result.ok && result.value.product.snapshot).toMatchObject({
        priceMinor: 7999,
        currency: 'EUR',
        version: 2,
        updatedAt: later,
      });
    });

    it('treats a patch that changes nothing as unchanged (nothing to write or invalidate)', () => {
      const result = product().update({ name: 'Keyboard ', priceMinor: 8999 }, later);
      expect(result.ok && result.value).toMatchObject({ changed: false, priceChanged: false });
      expect(result.ok && result.value.product.snapshot.version).toBe(1);
    });

    it('deactivates without touching the price', () => {
      const result = product().update({ active: false }, later);
      expect(result.ok && result.value).toMatchObject({ changed: true, priceChanged: false });
    });

    it('validates the patched fields', () => {
      const result = product().update({ name: '  ', currency: 'euro' }, later);
      expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual(['name', 'currency']);
    });
  });
});

describe('stock quantity', () => {
  it.each([0, 1, 10_000_000])('accepts %p', (quantity) => {
    expect(validateStockQuantity(quantity).ok).toBe(true);
  });
  it.each([-1, 1.5, 10_000_001])('rejects %p', (quantity) => {
    const result = validateStockQuantity(quantity);
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual(['quantity']);
  });
});
