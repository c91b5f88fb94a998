import type { orderV1 } from '@shop/contracts';

/** What the fake order service answers (FakeOrderService): one order of two units of one product. */
export const ORDER_ID = '6f1c1d8e-2f6a-4c8e-9b7a-0a9d3f4e5b6c';
export const PRODUCT = '11111111-1111-4111-8111-111111111111';
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

/** The order as the order service's gRPC API returns it: PENDING, saga just started, unless overridden. */
export const grpcOrder = (customerId: string, overrides: Partial<orderV1.Order> = {}): orderV1.Order => ({
  orderId: ORDER_ID,
  customerId,
  status: 'PENDING',
  lines: [{ productId: PRODUCT, quantity: 2, unitPrice: eur(1250), lineTotal: eur(2500) }],
  total: eur(2500),
  cancelCode: '',
  cancelReason: '',
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  steps: [{ step: 'RESERVE_STOCK', event: 'STARTED', at: '2026-03-01T10:00:00.000Z', code: '', detail: '' }],
  traceId: TRACE_ID,
  ...overrides,
});

/** The same order, CONFIRMED, as ListOrders returns it. */
export const grpcOrderSummary: orderV1.OrderSummary = {
  orderId: ORDER_ID,
  status: 'CONFIRMED',
  total: eur(2500),
  lineCount: 1,
  cancelCode: '',
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:01.000Z',
};
