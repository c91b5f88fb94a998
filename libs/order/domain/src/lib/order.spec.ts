import { Money } from '@shop/shared-kernel';
import { Order, ProductOffer } from './order';
import { OrderErrors } from './order-errors';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const P3 = '33333333-3333-4333-8333-333333333333';
const now = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T10:00:05.000Z');

const offer = (amountMinor: number, currency = 'EUR', active = true): ProductOffer => {
  const unitPrice = Money.of(amountMinor, currency, OrderErrors.invalidMoney);
  if (!unitPrice.ok) throw new Error('fixture');
  return { unitPrice: unitPrice.value, active };
};

const place = (offers: Record<string, ProductOffer>, lines = [{ productId: P1, quantity: 2 }]) =>
  Order.place({ id: 'o-1', customerId: 'c-1', lines, offers: new Map(Object.entries(offers)), now });

const placed = () => {
  const order = place({ [P1]: offer(1250), [P2]: offer(99) }, [
    { productId: P1, quantity: 2 },
    { productId: P2, quantity: 3 },
  ]);
  if (!order.ok) throw new Error(order.error.message);
  return order.value;
};

describe('Order.validateRequest (before anything is fetched or written)', () => {
  const valid = { lines: [{ productId: P1, quantity: 1 }], paymentMethodToken: ' pm_123 ' };

  it('normalises product ids and the token', () => {
    const result = Order.validateRequest({ ...valid, lines: [{ productId: P1.toUpperCase(), quantity: 1 }] });
    expect(result.ok && result.value).toEqual({
      lines: [{ productId: P1, quantity: 1 }],
      paymentMethodToken: 'pm_123',
    });
  });

  it.each([
    [{ lines: [] }, 'lines'],
    [{ lines: Array.from({ length: 101 }, () => ({ productId: P1, quantity: 1 })) }, 'lines'],
    [{ lines: [{ productId: P1, quantity: 0 }] }, 'lines.0.quantity'],
    [{ lines: [{ productId: P1, quantity: -2 }] }, 'lines.0.quantity'],
    [{ lines: [{ productId: P1, quantity: 1.5 }] }, 'lines.0.quantity'],
    [{ lines: [{ productId: P1, quantity: 1001 }] }, 'lines.0.quantity'],
    [{ lines: [{ productId: 'not-a-uuid', quantity: 1 }] }, 'lines.0.productId'],
    [{ paymentMethodToken: '   ' }, 'paymentMethodToken'],
    [{ paymentMethodToken: 'x'.repeat(201) }, 'paymentMethodToken'],
  ])('rejects %o naming %s', (override, field) => {
    const result = Order.validateRequest({ ...valid, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('ORDER.INVALID_INPUT');
      expect(result.error.kind).toBe('invalid');
      expect(result.error.fields.map((f) => f.field)).toContain(field);
    }
  });

  it('rejects two lines for the same product (case-insensitively)', () => {
    const result = Order.validateRequest({
      ...valid,
      lines: [
        { productId: P1, quantity: 1 },
        { productId: P1.toUpperCase(), quantity: 2 },
      ],
    });
    expect(!result.ok && result.error.fields).toEqual([
      { field: 'lines.1.productId', message: 'duplicates line 0; use one line per product' },
    ]);
  });

  it('reports every problem at once', () => {
    const result = Order.validateRequest({
      lines: [
        { productId: 'x', quantity: 0 },
        { productId: P2, quantity: 5000 },
      ],
      paymentMethodToken: '',
    });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([
      'lines.0.productId',
      'lines.0.quantity',
      'lines.1.quantity',
      'paymentMethodToken',
    ]);
  });
});

describe('Order.place', () => {
  it('snapshots unit prices and totals the lines in minor units', () => {
    const order = placed();
    expect(order.snapshot).toMatchObject({
      id: 'o-1',
      customerId: 'c-1',
      status: 'PENDING',
      currency: 'EUR',
      totalMinor: 2 * 1250 + 3 * 99,
      lines: [
        { productId: P1, quantity: 2, unitPriceMinor: 1250, lineTotalMinor: 2500 },
        { productId: P2, quantity: 3, unitPriceMinor: 99, lineTotalMinor: 297 },
      ],
      cancelCode: null,
      createdAt: now,
    });
    expect(order.total.toJSON()).toEqual({ amountMinor: 2797, currency: 'EUR' });
  });

  it('records OrderCreated with the lines and total', () => {
    expect(placed().events).toEqual([
      {
        type: 'shop.order.created.v1',
        orderId: 'o-1',
        customerId: 'c-1',
        total: { amountMinor: 2797, currency: 'EUR' },
        lines: [
          { productId: P1, quantity: 2 },
          { productId: P2, quantity: 3 },
        ],
        createdAt: now.toISOString(),
      },
    ]);
  });

  it('rejects unknown products as invalid input naming each line', () => {
    const result = place({ [P1]: offer(1) }, [
      { productId: P1, quantity: 1 },
      { productId: P2, quantity: 1 },
      { productId: P3, quantity: 1 },
    ]);
    expect(!result.ok && result.error.code).toBe('ORDER.UNKNOWN_PRODUCT');
    expect(!result.ok && result.error.kind).toBe('invalid');
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual([
      'lines.1.productId',
      'lines.2.productId',
    ]);
  });

  it('rejects inactive products as a precondition failure', () => {
    const result = place({ [P1]: offer(100, 'EUR', false) });
    expect(!result.ok && result.error.code).toBe('ORDER.PRODUCT_UNAVAILABLE');
    expect(!result.ok && result.error.kind).toBe('precondition');
  });

  it('rejects lines in different currencies', () => {
    const result = place({ [P1]: offer(100, 'EUR'), [P2]: offer(100, 'USD') }, [
      { productId: P1, quantity: 1 },
      { productId: P2, quantity: 1 },
    ]);
    expect(!result.ok && result.error.code).toBe('ORDER.MIXED_CURRENCIES');
  });

  it('rejects a total beyond the safe integer range', () => {
    const result = place({ [P1]: offer(Number.MAX_SAFE_INTEGER) }, [{ productId: P1, quantity: 2 }]);
    expect(!result.ok && result.error.code).toBe('ORDER.TOTAL_TOO_LARGE');
  });

  it('prices a free product at zero', () => {
    const result = place({ [P1]: offer(0) });
    expect(result.ok && result.value.snapshot.totalMinor).toBe(0);
  });
});

describe('Order transitions: PENDING -> CONFIRMED | CANCELLED, never back', () => {
  it('confirms a pending order and records OrderConfirmed', () => {
    const result = placed().confirm(later);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.snapshot).toMatchObject({
      status: 'CONFIRMED',
      confirmedAt: later,
      updatedAt: later,
    });
    expect(result.value.events.at(-1)).toEqual({
      type: 'shop.order.confirmed.v1',
      orderId: 'o-1',
      customerId: 'c-1',
      total: { amountMinor: 2797, currency: 'EUR' },
      confirmedAt: later.toISOString(),
    });
  });

  it('cancels a pending order with the failure code and reason', () => {
    const result = Order.fromSnapshot(placed().snapshot).cancel('PAYMENT.DECLINED', 'card declined', later);
    expect(result.ok && result.value.snapshot).toMatchObject({
      status: 'CANCELLED',
      cancelCode: 'PAYMENT.DECLINED',
      cancelReason: 'card declined',
      cancelledAt: later,
    });
    expect(result.ok && result.value.events).toEqual([
      {
        type: 'shop.order.cancelled.v1',
        orderId: 'o-1',
        customerId: 'c-1',
        total: { amountMinor: 2797, currency: 'EUR' },
        code: 'PAYMENT.DECLINED',
        reason: 'card declined',
        cancelledAt: later.toISOString(),
      },
    ]);
  });

  it('treats a repeated transition as a no-op without a second event', () => {
    const confirmed = Order.fromSnapshot({ ...placed().snapshot, status: 'CONFIRMED' });
    const again = confirmed.confirm(later);
    expect(again.ok && again.value.events).toEqual([]);
    const cancelled = Order.fromSnapshot({ ...placed().snapshot, status: 'CANCELLED' });
    const againCancelled = cancelled.cancel('X.Y', 'z', later);
    expect(againCancelled.ok && againCancelled.value.events).toEqual([]);
  });

  it('never moves a final order to the other final state', () => {
    const confirmed = Order.fromSnapshot({ ...placed().snapshot, status: 'CONFIRMED' });
    const cancelled = Order.fromSnapshot({ ...placed().snapshot, status: 'CANCELLED' });
    expect(!confirmed.cancel('X.Y', 'z', later).ok && 'refused').toBe('refused');
    const result = cancelled.confirm(later);
    expect(!result.ok && result.error.code).toBe('ORDER.NOT_PENDING');
  });
});

describe('Money in the order context (arithmetic: @shop/shared-kernel money.spec.ts)', () => {
  it.each([
    [1.5, 'EUR', 'amount'],
    [-1, 'EUR', 'amount'],
    [Number.NaN, 'EUR', 'amount'],
    [2 ** 53, 'EUR', 'amount'],
    [100, 'eur', 'currency'],
    [100, 'EURO', 'currency'],
  ])('Money.of(%p, %p) fails as ORDER.INVALID_MONEY naming the %s', (amount, currency, what) => {
    const money = Money.of(amount, currency, OrderErrors.invalidMoney);
    expect(money.ok).toBe(false);
    expect(!money.ok && money.error.code).toBe('ORDER.INVALID_MONEY');
    expect(!money.ok && money.error.message).toMatch(what);
  });
});
