/**
 * Every call the storefront makes, in one table: a method and a path of the
 * gateway's public API. The storefront reaches nothing else (no service, no
 * payment provider): the gateway's spec storefront-calls.spec.ts reads this
 * table and fails unless the OpenAPI document describes each row.
 * Keep every row on one line, method before path, as below: the spec reads this file as text.
 */
export const API_ROUTES = {
  listProducts: { method: 'GET', path: '/v1/products' },
  getProduct: { method: 'GET', path: '/v1/products/{productId}' },
  registerUser: { method: 'POST', path: '/v1/users' },
  login: { method: 'POST', path: '/v1/auth/login' },
  refreshToken: { method: 'POST', path: '/v1/auth/refresh' },
  logout: { method: 'POST', path: '/v1/auth/logout' },
  placeOrder: { method: 'POST', path: '/v1/orders' },
  listOrders: { method: 'GET', path: '/v1/orders' },
  getOrder: { method: 'GET', path: '/v1/orders/{orderId}' },
  orderTimeline: { method: 'GET', path: '/v1/orders/{orderId}/timeline' },
  activeFaults: { method: 'GET', path: '/v1/lab/faults' },
} as const;

export type ApiRoute = (typeof API_ROUTES)[keyof typeof API_ROUTES];

/** `/v1/orders/{orderId}` + `{ orderId: 'a b' }` -> `/v1/orders/a%20b`. */
export function pathOf(route: ApiRoute, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
