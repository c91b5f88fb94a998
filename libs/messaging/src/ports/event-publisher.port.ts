import type { EventEnvelope } from '@shop/contracts';

/** One envelope bound for one topic. */
export interface OutgoingEvent {
  readonly topic: string;
  readonly envelope: EventEnvelope;
}

/**
 * Port for putting envelopes on the broker (callers never see kafkajs).
 *
 * Not for business code: a service records its events with `OutboxWriter`
 * inside its own transaction and the outbox relay is the one caller of
 * this port. Publishing straight from a use case is the dual write the outbox exists to prevent.
 */
export interface EventPublisher {
  /**
   * Publishes the events in one request, in the given order (events with the
   * same subject land on the same partition in that order). Resolves once every
   * in-sync replica has the messages (acks = all); rejects if any message failed.
   */
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}
