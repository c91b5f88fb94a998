import {
  CommitStockV1,
  InventoryTopics,
  ReleaseStockV1,
  ReserveStockV1,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import { replyOf, type SagaParticipant } from './saga-participant.port';

/** Inventory in the place-order saga: holds, commits and releases the order's stock. */
export const inventoryParticipant: SagaParticipant = {
  commandTopic: InventoryTopics.commands,
  commands: { ReserveStock: ReserveStockV1, CommitStock: CommitStockV1, ReleaseStock: ReleaseStockV1 },
  replies: {
    [StockReservedV1.type]: replyOf(StockReservedV1, ({ reservationId }) => ({
      kind: 'StockReserved',
      reservationId,
    })),
    [StockReservationFailedV1.type]: replyOf(StockReservationFailedV1, ({ code, reason }) => ({
      kind: 'StockReservationFailed',
      code,
      reason,
    })),
    [StockCommittedV1.type]: replyOf(StockCommittedV1, () => ({ kind: 'StockCommitted' })),
    [StockReleasedV1.type]: replyOf(StockReleasedV1, () => ({ kind: 'StockReleased' })),
  },
};
