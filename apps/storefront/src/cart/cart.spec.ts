import { cartReducer, cartTotal, MAX_QUANTITY, orderRequestOf, type CartLine } from './cart';

const tea = { productId: 'p-tea', name: 'Tea', unitPrice: { amountMinor: 450, currency: 'EUR' } };
const mug = { productId: 'p-mug', name: 'Mug', unitPrice: { amountMinor: 1_200, currency: 'EUR' } };

describe('cartReducer', () => {
  it('adds a product once: adding it again raises its quantity (the API refuses a product twice)', () => {
    let cart: CartLine[] = [];
    cart = cartReducer(cart, { type: 'add', line: tea, quantity: 1 });
    cart = cartReducer(cart, { type: 'add', line: mug, quantity: 2 });
    cart = cartReducer(cart, { type: 'add', line: tea, quantity: 2 });
    expect(cart.map((line) => [line.productId, line.quantity])).toEqual([
      ['p-tea', 3],
      ['p-mug', 2],
    ]);
  });

  it('keeps quantities within what the order API accepts; zero removes the line', () => {
    let cart = cartReducer([], { type: 'add', line: tea, quantity: 5_000 });
    expect(cart[0]?.quantity).toBe(MAX_QUANTITY);
    cart = cartReducer(cart, { type: 'setQuantity', productId: 'p-tea', quantity: 0 });
    expect(cart).toEqual([]);
  });

  it('removes and clears', () => {
    const cart = cartReducer(cartReducer([], { type: 'add', line: tea, quantity: 1 }), {
      type: 'add',
      line: mug,
      quantity: 1,
    });
    expect(cartReducer(cart, { type: 'remove', productId: 'p-tea' }).map((l) => l.productId)).toEqual([
      'p-mug',
    ]);
    expect(cartReducer(cart, { type: 'clear' })).toEqual([]);
  });
});

describe('cartTotal and orderRequestOf', () => {
  const cart = [
    { ...tea, quantity: 2 },
    { ...mug, quantity: 1 },
  ];

  it('totals in minor units', () => {
    expect(cartTotal(cart)).toEqual({ amountMinor: 2_100, currency: 'EUR' });
    expect(cartTotal([])).toBeNull();
  });

  it('builds the PlaceOrderRequest: product ids and quantities only (the server sets the prices)', () => {
    expect(orderRequestOf(cart, 'pm_card_visa')).toEqual({
      lines: [
        { productId: 'p-tea', quantity: 2 },
        { productId: 'p-mug', quantity: 1 },
      ],
      paymentMethodToken: 'pm_card_visa',
    });
  });
});
