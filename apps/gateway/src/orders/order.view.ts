import type { orderV1 } from '@shop/contracts';

// Documented by openapi/response.schemas.ts (orderJson, orderSummaryJson): a field
// added here and not there fails tsc (its @ApiOperation() checks it).

/**
 * gRPC -> JSON for the REST API. Deterministic, so a replayed PlaceOrder (the
 * stored response) renders byte for byte like the original. Money stays in
 * integer minor units with its currency.
 */
export function toOrderJson(order: orderV1.Order) {
  return {
    orderId: order.orderId,
    status: order.status,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
    })),
    total: order.total,
    cancellation: order.cancelCode ? { code: order.cancelCode, reason: order.cancelReason } : null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    // The saga's step history: what happened, when, and why it failed.
    steps: order.steps.map((step) => ({
      step: step.step,
      event: step.event,
      at: step.at,
      code: step.code || null,
      detail: step.detail || null,
    })),
    // The trace the saga runs in, for a link to the tracing backend (Jaeger: /trace/<traceId>).
    traceId: order.traceId || null,
  };
}

/** The body GET /v1/orders/{orderId} answers, and each event of its timeline stream carries. */
export type OrderJson = ReturnType<typeof toOrderJson>;

export function toOrderSummaryJson(order: orderV1.OrderSummary) {
  return {
    orderId: order.orderId,
    status: order.status,
    total: order.total,
    lineCount: order.lineCount,
    cancelCode: order.cancelCode || null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
