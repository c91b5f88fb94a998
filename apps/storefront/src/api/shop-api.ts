import { API_ROUTES } from './api-routes';
import type {
  ActiveFaults,
  LoginResponse,
  Order,
  OrderSummary,
  Page,
  PlaceOrderRequest,
  Product,
  TokenPairResponse,
  UserProfile,
} from './api-types';
import { callApi } from './http-client';

// The gateway's public API, one typed function per row of API_ROUTES.

export const listProducts = async (query: {
  q?: string;
  active?: 'true' | 'false';
  cursor?: string;
  limit?: number;
}) => (await callApi<Page<Product>>(API_ROUTES.listProducts, { query })).body;

export const getProduct = async (productId: string) =>
  (await callApi<Product>(API_ROUTES.getProduct, { params: { productId } })).body;

export const registerUser = async (body: { email: string; password: string; name: string }) =>
  (await callApi<UserProfile>(API_ROUTES.registerUser, { body })).body;

export const login = async (body: { email: string; password: string }) =>
  (await callApi<LoginResponse>(API_ROUTES.login, { body })).body;

/** A new token pair for the refresh token, which is spent by it (single use). */
export const refreshTokens = async (refreshToken: string) =>
  (await callApi<TokenPairResponse>(API_ROUTES.refreshToken, { body: { refreshToken } })).body;

export const logout = async (refreshToken: string) => {
  await callApi<void>(API_ROUTES.logout, { body: { refreshToken } });
};

export interface PlacedOrder {
  order: Order;
  /** The gateway answered a request it had seen (same Idempotency-Key): the original 202 and body. */
  replayed: boolean;
}

/** POST /v1/orders with the attempt's Idempotency-Key; a replay is told by `Idempotent-Replayed: true`. */
export async function placeOrder(
  token: string,
  idempotencyKey: string,
  body: PlaceOrderRequest,
): Promise<PlacedOrder> {
  const response = await callApi<Order>(API_ROUTES.placeOrder, {
    token,
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
  return { order: response.body, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

export const listOrders = async (token: string, cursor?: string) =>
  (await callApi<Page<OrderSummary>>(API_ROUTES.listOrders, { token, query: { cursor } })).body;

export const getOrder = async (token: string, orderId: string, signal?: AbortSignal) =>
  (await callApi<Order>(API_ROUTES.getOrder, { token, params: { orderId }, signal })).body;

export const activeFaults = async (signal?: AbortSignal) =>
  (await callApi<ActiveFaults>(API_ROUTES.activeFaults, { signal })).body;
