import type { EventEnvelope } from '@shop/contracts';

import { fromKafkaMessage } from '../kafka/kafka-message.mapper';
import {
  percentile,
  RELAY_TEST_TYPE as TYPE,
  receivedIds,
  RelayTestFixture,
} from '../testing/relay-test-fixture';
import { waitUntil } from '@shop/testing';

class Rollback extends Error {
  constructor(readonly eventId: string) {
    super('rolled back on purpose');
  }
}

/** Runs `count` tasks with at most `concurrency` in flight. */
async function runConcurrently(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const lagSummary = (lags: number[]) => {
  const sorted = [...lags].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`;
};

describe('OutboxRelay publishing against real Postgres and Kafka (P09)', () => {
  const f = new RelayTestFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  /** Commit -> published_at (DB clock, same host) per event id. */
  const lagsOf = async (committedAt: Map<string, number>) => {
    const rows: Array<{ event_id: string; published_ms: number }> = await f.db.dataSource.query(
      'SELECT event_id, extract(epoch FROM published_at) * 1000 AS published_ms FROM outbox',
    );
    return rows.map((row) => Number(row.published_ms) - (committedAt.get(row.event_id) ?? NaN));
  };

  it('publishes exactly the committed events, in commit order per key, nothing from rolled-back transactions', async () => {
    const topic = f.newTopic('test.ordering');
    await f.topicAdmin.ensureTopics([{ topic }]);
    const collector = await f.collect(topic);
    f.startRelay();
    // Warm-up (topic metadata, producer id) so the lag figures show the steady state.
    const warmUp = await f.appendCommitted(topic, 'warm-up', {});
    await waitUntil(() => receivedIds(collector).includes(warmUp.id), { description: 'the warm-up event' });
    collector.received.length = 0;
    await f.db.dataSource.query('DELETE FROM outbox');

    const committed: EventEnvelope[] = [];
    const rolledBack: string[] = [];
    const committedAt = new Map<string, number>();
    // 250 transactions over 10 keys, 20 at a time; every 5th round of 10 rolls back after appending.
    await runConcurrently(250, 20, async (i) => {
      const key = `agg-${i % 10}`;
      try {
        const envelope = await f.db.dataSource.transaction(async (tx) => {
          // Stands in for the aggregate's row lock: writers of one aggregate take
          // turns, so per key the outbox id order is the commit order.
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
          const appended = await f.writer.append(tx, { topic, type: TYPE, subject: key, data: { i } });
          if (Math.floor(i / 10) % 5 === 4) throw new Rollback(appended.id);
          return appended;
        });
        committedAt.set(envelope.id, Date.now());
        committed.push(envelope);
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        rolledBack.push(error.eventId);
      }
    });
    expect(committed).toHaveLength(200);
    expect(rolledBack).toHaveLength(50);

    const committedIds = new Set(committed.map((e) => e.id));
    await waitUntil(
      () => receivedIds(collector).filter((id) => committedIds.has(id)).length >= committed.length,
      { description: 'every committed event on the topic' },
    );

    // Exactly the committed set: nothing missing, nothing rolled back, no duplicates.
    const received = collector.received.map((r) => ({ ...r, envelope: fromKafkaMessage(r.message) }));
    expect(new Set(received.map((r) => r.envelope.id))).toEqual(committedIds);
    expect(received).toHaveLength(committed.length);
    expect(received.filter((r) => rolledBack.includes(r.envelope.id))).toEqual([]);

    // Per key: one partition, and the consumed order is the outbox id (= commit) order.
    const rows: Array<{ id: string; event_id: string; subject: string }> = await f.db.dataSource.query(
      'SELECT id, event_id, subject FROM outbox ORDER BY id',
    );
    expect(rows).toHaveLength(committed.length);
    const rowId = new Map(rows.map((row) => [row.event_id, Number(row.id)]));
    for (let k = 0; k < 10; k += 1) {
      const key = `agg-${k}`;
      const ofKey = received.filter((r) => r.envelope.subject === key);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
      const consumedOrder = ofKey.map((r) => rowId.get(r.envelope.id));
      const commitOrder = rows.filter((row) => row.subject === key).map((row) => Number(row.id));
      expect(consumedOrder).toEqual(commitOrder);
    }
    // Envelopes arrive exactly as append() returned them (attributes and data).
    const byId = new Map(committed.map((e) => [e.id, e]));
    for (const r of received) expect(r.envelope).toEqual(byId.get(r.envelope.id));

    // For information only, not a pass/fail criterion.
    console.log(
      `outbox lag, burst of 200 from 20 concurrent writers: ${lagSummary(await lagsOf(committedAt))}`,
    );
  });

  it('wakes on NOTIFY right after COMMIT: publishes without waiting for the (60 s) poll', async () => {
    const topic = f.newTopic('test.notify');
    await f.topicAdmin.ensureTopics([{ topic }]);
    const collector = await f.collect(topic);
    const relay = f.startRelay({ pollIntervalMs: 60_000 });
    await waitUntil(() => relay.isLeader, { description: 'leadership' });
    const warmUp = await f.appendCommitted(topic, 'warm-up', {});
    await waitUntil(() => receivedIds(collector).includes(warmUp.id), { description: 'the warm-up event' });
    await f.db.dataSource.query('DELETE FROM outbox');

    // Paced writes (one every ~5 ms): the relay only learns of them through NOTIFY.
    const committedAt = new Map<string, number>();
    for (let i = 0; i < 100; i += 1) {
      const envelope = await f.appendCommitted(topic, `agg-${i % 10}`, { i });
      committedAt.set(envelope.id, Date.now());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(async () => (await f.unpublishedCount()) === 0, {
      description: 'all 100 published long before the next poll',
      timeoutMs: 10_000,
    });
    console.log(`outbox lag, paced single writer (NOTIFY path): ${lagSummary(await lagsOf(committedAt))}`);
  });
});
