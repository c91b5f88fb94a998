import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

import { toKafkaMessage } from '../kafka/kafka-message.mapper';
import type { EventHandler } from '../ports/event-handler.port';
import { ConsumerTestFixture, recordEffect } from '../testing/consumer-test-fixture';
import { uniqueName } from '../testing/test-kafka';
import { waitUntil } from '@shop/testing';

const RECORDED = 'shop.test.recorded.v1';

class RecordingHandler implements EventHandler {
  async handle(event: EventEnvelope, tx: EntityManager) {
    await recordEffect(tx, event, 'recorded');
  }
}

describe('Inbox deduplication against real Postgres and Kafka (P10)', () => {
  const f = new ConsumerTestFixture();
  const handlers = { [RECORDED]: new RecordingHandler() };
  beforeAll(() => f.setUp());
  afterAll(() => f.tearDown());

  it('applies an event delivered twice once; the inbox holds one row', async () => {
    await f.startRunner({ handlers, concurrency: 2 });
    const event = f.envelope(RECORDED, { n: 1 });
    // The same record twice: what a relay restart between publish and mark looks like.
    await f.produce([toKafkaMessage(event), toKafkaMessage(event)]);
    await waitUntil(() => f.caughtUp(), { description: 'both deliveries committed' });
    expect(await f.effects(event.id)).toEqual(['recorded']);
    expect(await f.inboxRows(event.id)).toBe(1);
    const counter = (name: string, where: Record<string, string>) =>
      f.metrics.counter(name, { consumer: f.groupId, type: RECORDED, ...where });
    expect(await counter('inbox_duplicates_total', {})).toBe(1);
    expect(await counter('consumer_handled_total', { outcome: 'handled' })).toBe(1);
    expect(await counter('consumer_handled_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('replaying a partition after an offset reset applies nothing twice', async () => {
    const topic = await f.newTopic('test.replay', 1);
    const groupId = uniqueName('inbox-replay-test');
    const events = [f.envelope(RECORDED, { n: 1 }), f.envelope(RECORDED, { n: 2 })];
    await f.produce(events.map(toKafkaMessage), topic);
    const consumeAll = async () => {
      const runner = await f.startRunner({ handlers, groupId, topics: [topic] });
      await waitUntil(() => f.caughtUp(groupId, topic), { description: 'the replay group caught up' });
      await runner.stop();
    };
    await consumeAll();
    // An operator rewinds the group (e.g. after an incident): every event is delivered again.
    await f.admin.resetOffsets({ groupId, topic, earliest: true });
    expect(await f.caughtUp(groupId, topic)).toBe(false);
    await consumeAll();
    for (const event of events) {
      expect(await f.effects(event.id)).toEqual(['recorded']);
      expect(await f.inboxRows(event.id)).toBe(1);
    }
    expect(await f.metrics.counter('inbox_duplicates_total', { consumer: groupId })).toBe(2);
  });
});
