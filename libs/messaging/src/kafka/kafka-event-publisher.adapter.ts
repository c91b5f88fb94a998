import type { Producer, TopicMessages } from 'kafkajs';
import { withTracingSuppressed } from '@shop/platform';

import type { EventPublisher, OutgoingEvent } from '../ports/event-publisher.port';
import { toKafkaMessage } from './kafka-message.mapper';

const ACKS_ALL = -1;

/** `EventPublisher` on kafkajs (P14): one `sendBatch` per call, messages in the given order. */
export class KafkaEventPublisher implements EventPublisher {
  constructor(private readonly producer: Producer) {}

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Group by topic keeping the caller's order inside each topic; with one
    // request in flight and the idempotent producer, each partition receives
    // its messages in exactly this order.
    const byTopic = new Map<string, TopicMessages>();
    for (const { topic, envelope } of events) {
      let group = byTopic.get(topic);
      if (!group) byTopic.set(topic, (group = { topic, messages: [] }));
      group.messages.push(toKafkaMessage(envelope));
    }
    // The envelopes carry their recorded trace context; no transport span may replace it (P20).
    await withTracingSuppressed(() =>
      this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: ACKS_ALL }),
    );
  }
}
