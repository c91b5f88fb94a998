import {
  CommitStockV1,
  ReleaseStockV1,
  ReserveStockV1,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import type { SagaParticipant } from './saga-participant';

/** Inventory in the place-order saga: holds, commits and releases the order's stock. */
export const inventoryParticipant: SagaParticipant = {
  commandTopic: (topology) => topology.inventoryCommands,
  commands: { ReserveStock: ReserveStockV1, CommitStock: CommitStockV1, ReleaseStock: ReleaseStockV1 },
  replies: {
    [StockReservedV1.type]: (data) => {
      const { orderId, reservationId } = StockReservedV1.schema.parse(data);
      return { orderId, reply: { kind: 'StockReserved', reservationId } };
    },
    [StockReservationFailedV1.type]: (data) => {
      const { orderId, code, reason } = StockReservationFailedV1.schema.parse(data);
      return { orderId, reply: { kind: 'StockReservationFailed', code, reason } };
    },
    [StockCommittedV1.type]: (data) => {
      const { orderId } = StockCommittedV1.schema.parse(data);
      return { orderId, reply: { kind: 'StockCommitted' } };
    },
    [StockReleasedV1.type]: (data) => {
      const { orderId } = StockReleasedV1.schema.parse(data);
      return { orderId, reply: { kind: 'StockReleased' } };
    },
  },
};
