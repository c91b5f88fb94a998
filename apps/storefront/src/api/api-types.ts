// The JSON the gateway answers, as its OpenAPI document (GET /openapi.json) states it:
// written here rather than imported, so the browser bundle depends on the public
// contract only, never on server code.

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export interface Product {
  productId: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  active: boolean;
}

export interface UserProfile {
  userId: string;
  email: string;
  name: string;
}

export interface TokenPairResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserProfile;
}

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

/** One line of the saga's history (docs/saga.md): what happened to which step, when, and why. */
export interface SagaHistoryEntry {
  step: string;
  event: string;
  at: string;
  code: string | null;
  detail: string | null;
}

export interface Order {
  orderId: string;
  status: OrderStatus;
  lines: Array<{ productId: string; quantity: number; unitPrice: Money; lineTotal: Money }>;
  total: Money;
  cancellation: { code: string; reason: string } | null;
  createdAt: string;
  updatedAt: string;
  steps: SagaHistoryEntry[];
  /** The order's trace (32 hex), for a link to Jaeger; null or absent when not recorded. */
  traceId?: string | null;
}

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  total: Money;
  lineCount: number;
  cancelCode: string | null;
  createdAt: string;
}

export interface PlaceOrderRequest {
  lines: Array<{ productId: string; quantity: number }>;
  paymentMethodToken: string;
}

export const isFinal = (status: OrderStatus): boolean => status !== 'PENDING';

/** GET /v1/lab/faults: the fault knobs `make fault` turned on (docs/faults.md). */
export interface ActiveFaults {
  knobs: { name: string; value: string; simulates: string }[];
  updatedAt: string | null;
}
