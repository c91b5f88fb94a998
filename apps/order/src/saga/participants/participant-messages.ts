import type { AppendEvent } from '@shop/messaging';
import type { SagaCommand } from '@shop/order-domain';
import { inventoryParticipant } from './inventory.participant';
import { paymentParticipant } from './payment.participant';
import type { ParsedReply, SagaParticipant } from './saga-participant.port';

const PARTICIPANTS: readonly SagaParticipant[] = [inventoryParticipant, paymentParticipant];

/**
 * Domain command -> versioned message on its participant's command topic. Keyed by
 * orderId: one order's commands share a partition, so a participant always sees a
 * compensation after the command it undoes. The payload is parsed with its schema
 * before it is recorded: a contract violation fails the transaction here, not a
 * consumer later.
 */
export function toSagaMessage(command: SagaCommand): AppendEvent<unknown> {
  for (const participant of PARTICIPANTS) {
    const contract = participant.commands[command.kind];
    if (contract) {
      const data = contract.schema.parse(command);
      return {
        topic: participant.commandTopic,
        type: contract.type,
        subject: command.orderId,
        data,
      };
    }
  }
  throw new Error(`no participant takes ${command.kind}`);
}

/** Every reply type the orchestrator consumes (inventory.replies.v1 and payment.replies.v1). */
export const SAGA_REPLY_TYPES: readonly string[] = PARTICIPANTS.flatMap((p) => Object.keys(p.replies));

export function parseSagaReply(type: string, data: unknown): ParsedReply {
  const parse = PARTICIPANTS.find((participant) => participant.replies[type])?.replies[type];
  if (!parse) throw new Error(`${type} is not a place-order saga reply`);
  return parse(data);
}
