import type { Producer } from 'kafkajs';
import { withTracingSuppressed } from '@shop/platform';

import { deadLetterTopic } from './topic-spec';
import { buildDeadLetterMessage, type DeadLetterContext } from './dead-letter';

/** Parks a message on `<topic>.dlt` through the service's idempotent producer (acks = all). */
export class DeadLetterPublisher {
  constructor(private readonly producer: Producer) {}

  async publish(context: DeadLetterContext): Promise<void> {
    // The parked record keeps its original traceparent header.
    await withTracingSuppressed(() =>
      this.producer.send({
        topic: deadLetterTopic(context.topic),
        messages: [buildDeadLetterMessage(context)],
        acks: -1,
      }),
    );
  }
}
