import type { Producer, TopicMessages } from 'kafkajs';
import { withTracingSuppressed } from '@shop/platform';

import type { EventPublisher, OutgoingEvent } from '../ports/event-publisher.port';
import { toKafkaMessage } from './kafka-message.mapper';
import { prefixedTopic } from './topic-spec';

const ACKS_ALL = -1;

/**
 * `EventPublisher` on kafkajs: one `sendBatch` per call, messages in the given order.
 * Events name the contracts' topics; `topicPrefix` (`KAFKA_TOPIC_PREFIX`) puts them in
 * the service's Kafka namespace here, at the boundary, where its consumers subscribe too.
 */
export class KafkaEventPublisher implements EventPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topicPrefix = '',
  ) {}

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Group by topic keeping the caller's order inside each topic; with one
    // request in flight and the idempotent producer, each partition receives
    // its messages in exactly this order.
    const byTopic = new Map<string, TopicMessages>();
    for (const event of events) {
      const topic = prefixedTopic(this.topicPrefix, event.topic);
      let group = byTopic.get(topic);
      if (!group) byTopic.set(topic, (group = { topic, messages: [] }));
      group.messages.push(toKafkaMessage(event.envelope));
    }
    // The envelopes carry their recorded trace context; no transport span may replace it.
    await withTracingSuppressed(() =>
      this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: ACKS_ALL }),
    );
  }
}
