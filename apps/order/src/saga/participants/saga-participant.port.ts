import type { SagaCommandKind, SagaReply } from '@shop/order-domain';

/** A versioned message contract (libs/contracts/src/events/saga). */
export interface MessageContract {
  readonly type: string;
  readonly schema: { parse(data: unknown): unknown };
}

export interface ParsedReply {
  readonly orderId: string;
  readonly reply: SagaReply;
}

/**
 * One service the saga talks to: the commands it takes, on its command topic, and the
 * replies it sends back, parsed into the events the saga engine reads.
 */
export interface SagaParticipant {
  readonly commandTopic: string;
  /** A command's fields are its message's: parsing with the contract checks them and drops `kind`. */
  readonly commands: Partial<Record<SagaCommandKind, MessageContract>>;
  /** A reply that does not parse throws: the consumer retries, then parks it on the dead-letter topic. */
  readonly replies: Readonly<Record<string, (data: unknown) => ParsedReply>>;
}

/** A reply parser: the contract validates the message, `toReply` keeps what the engine reads. */
export function replyOf<T extends { orderId: string }>(
  contract: { readonly schema: { parse(data: unknown): T } },
  toReply: (message: T) => SagaReply,
): (data: unknown) => ParsedReply {
  return (data) => {
    const message = contract.schema.parse(data);
    return { orderId: message.orderId, reply: toReply(message) };
  };
}
