import type { OrderSuite } from './order.under-test';

/** A one-line PlaceOrder request, as the gateway sends it. */
export const placeOrderRequest = (
  customerId: string,
  key: string,
  productId: string,
  quantity = 1,
  token = 'pm_ok',
) => ({ customerId, idempotencyKey: key, lines: [{ productId, quantity }], paymentMethodToken: token });

/** How many orders and keys a customer has: "exactly one order", "nothing written". */
export function customerRows(suite: OrderSuite) {
  const count = async (table: 'orders' | 'idempotency_keys', customerId: string) =>
    (
      await suite.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE customer_id = $1`, [
        customerId,
      ])
    )[0]?.n ?? -1;
  return {
    ordersOf: (customerId: string) => count('orders', customerId),
    keysOf: (customerId: string) => count('idempotency_keys', customerId),
  };
}
