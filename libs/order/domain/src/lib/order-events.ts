/** Domain events of the Order aggregate; published as shop.order.<event>.v1 through the outbox. */
export interface MoneyValue {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface OrderCreated {
  readonly type: typeof OrderEventTypes.created;
  readonly orderId: string;
  readonly customerId: string;
  readonly total: MoneyValue;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly createdAt: string;
}

export interface OrderConfirmed {
  readonly type: typeof OrderEventTypes.confirmed;
  readonly orderId: string;
  readonly customerId: string;
  readonly total: MoneyValue;
  readonly confirmedAt: string;
}

export interface OrderCancelled {
  readonly type: typeof OrderEventTypes.cancelled;
  readonly orderId: string;
  readonly customerId: string;
  readonly total: MoneyValue;
  /** Stable failure code, e.g. INVENTORY.OUT_OF_STOCK, PAYMENT.DECLINED, ORDER.STEP_TIMED_OUT. */
  readonly code: string;
  readonly reason: string;
  readonly cancelledAt: string;
}

export type OrderEvent = OrderCreated | OrderConfirmed | OrderCancelled;

export const OrderEventTypes = {
  created: 'shop.order.created.v1',
  confirmed: 'shop.order.confirmed.v1',
  cancelled: 'shop.order.cancelled.v1',
} as const;
