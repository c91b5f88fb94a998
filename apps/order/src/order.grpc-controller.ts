import { Controller } from '@nestjs/common';
import { orderV1 } from '@shop/contracts';
import { AppError, GrpcStatus } from '@shop/platform';
import type { DomainError } from '@shop/shared-kernel';
import { GetOrderHandler } from './get-order/get-order.handler';
import { IdempotentCommand } from './idempotency/idempotent-command';
import { ListOrdersHandler } from './list-orders/list-orders.handler';
import { toPlaceOrderCommand } from './place-order/place-order.command';
import { PlaceOrderHandler } from './place-order/place-order.handler';

/** gRPC edge of the order service: decode, call the use case, map failures to status codes. */
@Controller()
@orderV1.OrderServiceControllerMethods()
export class OrderGrpcController implements orderV1.OrderServiceController {
  constructor(
    private readonly idempotentCommand: IdempotentCommand,
    private readonly placeOrderHandler: PlaceOrderHandler,
    private readonly getOrderHandler: GetOrderHandler,
    private readonly listOrdersHandler: ListOrdersHandler,
  ) {}

  async placeOrder(request: orderV1.PlaceOrderRequest): Promise<orderV1.PlaceOrderResponse> {
    const command = toPlaceOrderCommand(request);
    if (!command.ok) throw toAppError(command.error);
    // The key's protocol around the use case: a retry gets the first answer, never a second order.
    const result = await this.idempotentCommand.run(command.value.idempotency, () =>
      this.placeOrderHandler.execute(command.value),
    );
    if (!result.ok) throw toAppError(result.error);
    return { order: result.value.answer, replayed: result.value.replayed };
  }

  async getOrder(request: orderV1.GetOrderRequest): Promise<orderV1.GetOrderResponse> {
    const result = await this.getOrderHandler.execute(request);
    if (!result.ok) throw toAppError(result.error);
    return { order: result.value };
  }

  async listOrders(request: orderV1.ListOrdersRequest): Promise<orderV1.ListOrdersResponse> {
    const result = await this.listOrdersHandler.execute(request);
    if (!result.ok) throw toAppError(result.error);
    return result.value;
  }
}

/**
 * Domain failures by kind, except "the first request with this key still runs":
 * ABORTED (a concurrency conflict, retry later; 409 at the edge) says that more
 * precisely than ALREADY_EXISTS. Its retry delay travels along (Retry-After).
 */
function toAppError(error: DomainError): AppError {
  if (error.code === 'ORDER.REQUEST_IN_PROGRESS') {
    return new AppError({
      code: error.code,
      message: error.message,
      grpcStatus: GrpcStatus.ABORTED,
      retryAfterMs: error.retryAfterMs,
    });
  }
  return AppError.fromDomain(error);
}
