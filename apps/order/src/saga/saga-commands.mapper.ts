import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  CommitStockV1,
  ReleaseStockV1,
  ReserveStockV1,
} from '@shop/contracts';
import type { AppendEvent } from '@shop/messaging';
import type { SagaCommand } from '@shop/order-domain';
import type { SagaTopology } from './saga-topology';

/**
 * Domain command -> versioned saga message (libs/contracts/src/events/saga), on
 * the topology's command topics (the contracts' topics in production).
 * Keyed by orderId: one order's commands share a partition, so a participant
 * always sees a compensation after the command it undoes. Each payload is parsed
 * with its schema before it is recorded: a contract violation fails the
 * transaction here, not a consumer later (P15).
 */
export function toSagaMessage(command: SagaCommand, topology: SagaTopology): AppendEvent<unknown> {
  const subject = command.orderId;
  switch (command.kind) {
    case 'ReserveStock':
      return {
        topic: topology.inventoryCommands,
        type: ReserveStockV1.type,
        subject,
        data: ReserveStockV1.schema.parse({ orderId: command.orderId, lines: command.lines }),
      };
    case 'AuthorizePayment':
      return {
        topic: topology.paymentCommands,
        type: AuthorizePaymentV1.type,
        subject,
        data: AuthorizePaymentV1.schema.parse({
          orderId: command.orderId,
          customerId: command.customerId,
          amount: command.amount,
          paymentMethodToken: command.paymentMethodToken,
        }),
      };
    case 'CommitStock':
      return {
        topic: topology.inventoryCommands,
        type: CommitStockV1.type,
        subject,
        data: CommitStockV1.schema.parse({ orderId: command.orderId }),
      };
    case 'CapturePayment':
      return {
        topic: topology.paymentCommands,
        type: CapturePaymentV1.type,
        subject,
        data: CapturePaymentV1.schema.parse({ orderId: command.orderId }),
      };
    case 'ReleaseStock':
      return {
        topic: topology.inventoryCommands,
        type: ReleaseStockV1.type,
        subject,
        data: ReleaseStockV1.schema.parse({ orderId: command.orderId, reason: command.reason }),
      };
    case 'CancelPayment':
      return {
        topic: topology.paymentCommands,
        type: CancelPaymentV1.type,
        subject,
        data: CancelPaymentV1.schema.parse({ orderId: command.orderId, reason: command.reason }),
      };
  }
}
