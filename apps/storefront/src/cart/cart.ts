import type { Money, PlaceOrderRequest } from '../api/api-types';

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
}

export type CartAction =
  | { type: 'add'; line: Omit<CartLine, 'quantity'>; quantity: number }
  | { type: 'setQuantity'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'clear' };

// The gateway's bounds for an order (PlaceOrderRequest): the cart never builds a request it would refuse.
export const MAX_QUANTITY = 1000;
export const MAX_LINES = 100;

/** The cart, client-side only: one line per product (the order API refuses a product twice). */
export function cartReducer(cart: readonly CartLine[], action: CartAction): CartLine[] {
  switch (action.type) {
    case 'add': {
      const existing = cart.find((line) => line.productId === action.line.productId);
      if (existing) return setQuantity(cart, existing.productId, existing.quantity + action.quantity);
      if (cart.length >= MAX_LINES) return [...cart];
      return [...cart, { ...action.line, quantity: clamp(action.quantity) }];
    }
    case 'setQuantity':
      return setQuantity(cart, action.productId, action.quantity);
    case 'remove':
      return cart.filter((line) => line.productId !== action.productId);
    case 'clear':
      return [];
  }
}

const setQuantity = (cart: readonly CartLine[], productId: string, quantity: number) =>
  quantity < 1
    ? cart.filter((line) => line.productId !== productId)
    : cart.map((line) => (line.productId === productId ? { ...line, quantity: clamp(quantity) } : line));

const clamp = (quantity: number) => Math.min(MAX_QUANTITY, Math.max(1, Math.floor(quantity)));

/** What the cart shows as its total; the order's own total (server prices) is what gets charged. */
export function cartTotal(cart: readonly CartLine[]): Money | null {
  const first = cart[0];
  if (!first) return null;
  return {
    amountMinor: cart.reduce((sum, line) => sum + line.unitPrice.amountMinor * line.quantity, 0),
    currency: first.unitPrice.currency,
  };
}

export const orderRequestOf = (cart: readonly CartLine[], paymentMethodToken: string): PlaceOrderRequest => ({
  lines: cart.map(({ productId, quantity }) => ({ productId, quantity })),
  paymentMethodToken,
});
