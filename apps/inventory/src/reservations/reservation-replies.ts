import { Injectable } from '@nestjs/common';
import {
  InventoryTopics,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import { CommitDecision, ReservationFailure, ReserveOutcome } from '@shop/inventory-domain';
import { OutboxWriter } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import type { z } from 'zod';

interface ReplyContract<Schema extends z.ZodType> {
  readonly type: string;
  readonly schema: Schema;
}

/**
 * Replies to the saga, appended to the outbox in the transaction of the
 * command that caused them: the reply exists if and only if the stock
 * change does. Keyed by orderId so one order's replies stay in order.
 */
@Injectable()
export class ReservationReplies {
  constructor(private readonly outbox: OutboxWriter) {}

  async reserveOutcome(tx: EntityManager, orderId: string, outcome: ReserveOutcome): Promise<void> {
    if (outcome.kind === 'reserved') {
      await this.append(tx, StockReservedV1, orderId, {
        orderId,
        reservationId: outcome.reservationId,
        expiresAt: outcome.expiresAt.toISOString(),
      });
    } else {
      await this.failed(tx, orderId, outcome.failure);
    }
  }

  /**
   * The contract has no "commit failed" reply: a refused commit answers with
   * StockReservationFailed (the stock for this order is not held), which the
   * saga treats like a failed reservation and compensates.
   */
  async commitDecision(tx: EntityManager, orderId: string, decision: CommitDecision): Promise<void> {
    if (decision.outcome === 'committed') {
      await this.append(tx, StockCommittedV1, orderId, { orderId });
    } else {
      await this.failed(tx, orderId, decision.failure);
    }
  }

  async released(tx: EntityManager, orderId: string): Promise<void> {
    await this.append(tx, StockReleasedV1, orderId, { orderId });
  }

  private async failed(tx: EntityManager, orderId: string, failure: ReservationFailure): Promise<void> {
    await this.append(tx, StockReservationFailedV1, orderId, {
      orderId,
      code: failure.code,
      reason: failure.reason,
      productIds: [...failure.productIds],
    });
  }

  private async append<Schema extends z.ZodType>(
    tx: EntityManager,
    contract: ReplyContract<Schema>,
    orderId: string,
    data: z.input<Schema>,
  ): Promise<void> {
    await this.outbox.append(tx, {
      topic: InventoryTopics.replies,
      type: contract.type,
      subject: orderId,
      // Validated against the published schema before it can leave the service.
      data: contract.schema.parse(data),
    });
  }
}
