import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

import { toKafkaMessage } from '../kafka/kafka-message.mapper';
import type { EventHandler } from '../ports/event-handler.port';
import { ConsumerTestFixture, recordEffect } from '../testing/consumer-test-fixture';
import { uniqueName } from '../testing/test-kafka';
import { waitUntil } from '@shop/testing';

const RECORDED = 'shop.test.recorded.v1';

/** Records its effect; throws (every attempt) for events whose data says `poison`. */
class RecordingHandler implements EventHandler {
  readonly calls = new Map<string, number>();
  async handle(event: EventEnvelope, tx: EntityManager) {
    this.calls.set(event.id, (this.calls.get(event.id) ?? 0) + 1);
    await recordEffect(tx, event, 'recorded');
    if ((event.data as { poison?: boolean }).poison) throw new Error('cannot process this one');
  }
}

describe('messagesPerTransaction: a fetch handled in one transaction, against real Postgres and Kafka (P10, P27)', () => {
  const f = new ConsumerTestFixture();
  beforeAll(() => f.setUp());
  afterAll(() => f.tearDown());

  /**
   * The events (one subject: one partition) sit in the topic before the group
   * starts, so its first fetch brings them all. The fixture's topic has a DLT.
   */
  async function consumeFromOnePartition(
    events: EventEnvelope[],
    handler: RecordingHandler,
    { topic, groupId }: { topic: string; groupId: string },
  ) {
    await f.produce(events.map(toKafkaMessage), topic);
    await f.startRunner({
      handlers: { [RECORDED]: handler },
      groupId,
      topics: [topic],
      maxAttempts: 2,
      messagesPerTransaction: 10,
    });
    await waitUntil(() => f.caughtUp(groupId, topic), { description: 'the group caught up' });
  }

  /** Transactions that wrote these events' inbox rows (xmin: the inserting transaction's id). */
  async function inboxTransactions(events: EventEnvelope[]): Promise<number> {
    const [row] = await f.db.dataSource.query(
      'SELECT count(DISTINCT xmin::text)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])',
      [events.map((event) => event.id)],
    );
    return row.n;
  }

  it('applies a fetched batch in one transaction, each event once, a repeated one skipped', async () => {
    const handler = new RecordingHandler();
    const events = [1, 2, 3, 4].map((n) => f.envelope(RECORDED, { n }));
    // The second copy of events[1] is what a relay crash between publish and mark leaves behind.
    const groupId = uniqueName('batch-test');
    const topic = await f.newTopic('test.batch', 1);
    await consumeFromOnePartition([...events, events[1] as EventEnvelope], handler, { topic, groupId });
    for (const event of events) {
      expect(await f.effects(event.id)).toEqual(['recorded']);
      expect(await f.inboxRows(event.id)).toBe(1);
      expect(handler.calls.get(event.id)).toBe(1);
    }
    expect(await inboxTransactions(events)).toBe(1);
    expect(await f.metrics.counter('inbox_duplicates_total', { consumer: groupId })).toBe(1);
    expect(await f.metrics.counter('consumer_handled_total', { consumer: groupId, outcome: 'handled' })).toBe(
      4,
    );
  });

  it('without the option, one transaction per message', async () => {
    const events = [1, 2, 3].map((n) => f.envelope(RECORDED, { n }));
    const topic = await f.newTopic('test.one-by-one', 1);
    await f.produce(events.map(toKafkaMessage), topic);
    const groupId = uniqueName('one-by-one-test');
    await f.startRunner({ handlers: { [RECORDED]: new RecordingHandler() }, groupId, topics: [topic] });
    await waitUntil(() => f.caughtUp(groupId, topic), { description: 'the group caught up' });
    expect(await inboxTransactions(events)).toBe(3);
  });

  it('an event id in capitals is applied once, in a batch and one by one (the inbox returns uuids in lowercase)', async () => {
    const capitalised = (n: number) => {
      const event = f.envelope(RECORDED, { n });
      return { ...event, id: event.id.toUpperCase() };
    };
    for (const messagesPerTransaction of [1, 10]) {
      const handler = new RecordingHandler();
      const events = [capitalised(1), capitalised(2)];
      const topic = await f.newTopic('test.capitals', 1);
      await f.produce([...events, ...events].map(toKafkaMessage), topic);
      const groupId = uniqueName('capitals-test');
      await f.startRunner({
        handlers: { [RECORDED]: handler },
        groupId,
        topics: [topic],
        messagesPerTransaction,
      });
      await waitUntil(() => f.caughtUp(groupId, topic), { description: 'the group caught up' });
      for (const event of events) {
        expect(await f.effects(event.id)).toEqual(['recorded']);
        expect(handler.calls.get(event.id)).toBe(1);
      }
    }
  });

  it('a failing message rolls its group back; the others are applied one by one, once; it goes to the DLT', async () => {
    const handler = new RecordingHandler();
    const [first, poison, last] = [
      f.envelope(RECORDED, { n: 1 }),
      f.envelope(RECORDED, { poison: true }),
      f.envelope(RECORDED, { n: 3 }),
    ] as [EventEnvelope, EventEnvelope, EventEnvelope];
    const groupId = f.groupId;
    await consumeFromOnePartition([first, poison, last], handler, { topic: f.topic, groupId });
    // The batch attempt ran the first and the poison message, then rolled back: no trace of it remains.
    expect(handler.calls.get(first.id)).toBe(2);
    for (const event of [first, last]) {
      expect(await f.effects(event.id)).toEqual(['recorded']);
      expect(await f.inboxRows(event.id)).toBe(1);
    }
    expect(await inboxTransactions([first, last])).toBe(2);
    expect(await f.effects(poison.id)).toEqual([]);
    expect(await f.inboxRows(poison.id)).toBe(0);
    await waitUntil(
      () => f.dlt.received.find((record) => String(record.message.headers?.['ce_id']) === poison.id),
      { description: 'the poison message on the DLT' },
    );
    expect(
      await f.metrics.counter('consumer_handled_total', { consumer: groupId, outcome: 'dead-lettered' }),
    ).toBe(1);
  });
});
