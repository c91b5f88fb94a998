import { orderV1 } from '@shop/contracts';
import type { OrderSnapshot, SagaHistoryEntry } from '@shop/order-domain';
import type { OrderSummaryRow } from './persistence/order.repository';

const money = (amountMinor: number, currency: string): orderV1.Money => ({ amountMinor, currency });

/**
 * Domain -> wire: the order with its lines, totals and saga history (GetOrder, PlaceOrder), and
 * the id of the trace its saga runs in (`''` when unknown).
 */
export function toOrderView(
  order: OrderSnapshot,
  history: readonly SagaHistoryEntry[],
  traceId: string | undefined,
): orderV1.Order {
  return {
    orderId: order.id,
    customerId: order.customerId,
    status: order.status,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: money(line.unitPriceMinor, order.currency),
      lineTotal: money(line.lineTotalMinor, order.currency),
    })),
    total: money(order.totalMinor, order.currency),
    cancelCode: order.cancelCode ?? '',
    cancelReason: order.cancelReason ?? '',
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    steps: history.map((entry) => ({
      step: entry.step,
      event: entry.event,
      at: entry.at.toISOString(),
      code: entry.code ?? '',
      detail: entry.detail ?? '',
    })),
    traceId: traceId ?? '',
  };
}

export function toOrderSummary(row: OrderSummaryRow): orderV1.OrderSummary {
  return {
    orderId: row.id,
    status: row.status,
    total: money(row.totalMinor, row.currency),
    lineCount: row.lineCount,
    cancelCode: row.cancelCode ?? '',
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
