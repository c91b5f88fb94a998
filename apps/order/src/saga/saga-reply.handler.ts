import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@shop/contracts';
import type { EventHandler } from '@shop/messaging';
import type { EntityManager } from 'typeorm';
import { PlaceOrderSagaOrchestrator } from './place-order-saga.orchestrator';
import { parseSagaReply } from './participants/participant-messages';

/**
 * Consumes inventory.replies.v1 and payment.replies.v1. The messaging library
 * calls it inside the inbox transaction: a redelivered reply (same event
 * id) never gets here twice, and the saga's next state, its history and its
 * next command commit together with the inbox row, or not at all.
 */
@Injectable()
export class SagaReplyHandler implements EventHandler {
  constructor(private readonly orchestrator: PlaceOrderSagaOrchestrator) {}

  async handle(event: EventEnvelope, tx: EntityManager): Promise<void> {
    const { orderId, reply } = parseSagaReply(event.type, event.data);
    await this.orchestrator.onReply(tx, orderId, reply, { messageId: event.id, messageType: event.type });
  }
}
