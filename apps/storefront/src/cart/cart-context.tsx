import { createContext, useContext, useEffect, useReducer, type Dispatch, type ReactNode } from 'react';
import { cartReducer, type CartAction, type CartLine } from './cart';

const STORAGE_KEY = 'shop.cart';

const CartContext = createContext<{ cart: CartLine[]; dispatch: Dispatch<CartAction> } | null>(null);

/** The cart lives in the browser (localStorage): the API has no cart, an order is placed whole. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, dispatch] = useReducer(cartReducer, [], () => {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as CartLine[]) : [];
  });
  useEffect(() => localStorage.setItem(STORAGE_KEY, JSON.stringify(cart)), [cart]);
  return <CartContext.Provider value={{ cart, dispatch }}>{children}</CartContext.Provider>;
}

export function useCart() {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart outside CartProvider');
  return value;
}
