import { Client } from 'pg';

import {
  RELAY_TEST_SERVICE as SERVICE,
  RELAY_TEST_TYPE as TYPE,
  receivedIds,
  RelayTestFixture,
} from '../testing/relay-test-fixture';
import { quietLogger } from '../testing/test-kafka';
import { OutboxRetention } from './outbox-retention';
import { OutboxStore } from './outbox-store';
import { waitUntil } from '@shop/testing';

describe('OutboxRelay operations against real Postgres and Kafka (P09)', () => {
  const f = new RelayTestFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  it('elects one leader; a standby takes over when the leader stops and nothing is lost', async () => {
    const topic = f.newTopic('test.leader');
    await f.topicAdmin.ensureTopics([{ topic, partitions: 2 }]);
    const collector = await f.collect(topic);
    const a = f.startRelay({ pollIntervalMs: 200 });
    const b = f.startRelay({ pollIntervalMs: 200 });
    const leader = await waitUntil(() => (a.isLeader ? a : b.isLeader ? b : undefined), {
      description: 'a leader',
    });
    const standby = leader === a ? b : a;
    expect(standby.isLeader).toBe(false);

    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await f.appendCommitted(topic, `agg-${i % 3}`, { i })).id);
    await waitUntil(() => receivedIds(collector).length >= 20, { description: 'first half published' });

    await leader.stop();
    await waitUntil(() => standby.isLeader, { description: 'the standby to take over' });
    for (let i = 20; i < 40; i += 1) ids.push((await f.appendCommitted(topic, `agg-${i % 3}`, { i })).id);
    await waitUntil(() => receivedIds(collector).length >= 40, { description: 'second half published' });
    expect(new Set(receivedIds(collector))).toEqual(new Set(ids));
    await waitUntil(async () => (await f.unpublishedCount()) === 0, { description: 'every row marked' });
  });

  it('never skips a row it cannot publish: records attempts, holds later rows, resumes once fixed', async () => {
    const missingTopic = f.newTopic('test.missing');
    const goodTopic = f.newTopic('test.good');
    await f.topicAdmin.ensureTopics([{ topic: goodTopic }]);
    const collector = await f.collect(goodTopic);
    const blocked = await f.appendCommitted(missingTopic, 'agg-1', { first: true });
    const behind = await f.appendCommitted(goodTopic, 'agg-1', { second: true });
    f.startRelay();

    // Two failed attempts: had the relay skipped the failing row, the later one would be marked by now.
    const failing = await waitUntil(
      async () => {
        const rows: Array<{ attempts: number; last_error: string | null }> = await f.db.dataSource.query(
          'SELECT attempts, last_error FROM outbox WHERE event_id = $1 AND attempts >= 2',
          [blocked.id],
        );
        return rows[0];
      },
      { description: 'two recorded publish failures', timeoutMs: 45_000 },
    );
    expect(failing.last_error).toBeTruthy();
    const [held] = await f.db.dataSource.query('SELECT published_at FROM outbox WHERE event_id = $1', [
      behind.id,
    ]);
    expect(held.published_at).toBeNull();

    await f.topicAdmin.ensureTopics([{ topic: missingTopic }]);
    await waitUntil(() => receivedIds(collector).includes(behind.id), { description: 'the held-back event' });
    await waitUntil(async () => (await f.unpublishedCount()) === 0, {
      description: 'both rows marked published',
    });
  });

  it('deletes published rows past retention in batches, keeping recent and unpublished ones', async () => {
    await f.db.dataSource.query(
      `INSERT INTO outbox (event_id, topic, event_type, source, subject, payload, published_at)
       SELECT gen_random_uuid(), 't.v1', $1, $2, 's', '{}', now() - interval '8 days' FROM generate_series(1, 25)`,
      [TYPE, SERVICE],
    );
    await f.db.dataSource.query(
      `INSERT INTO outbox (event_id, topic, event_type, source, subject, payload, published_at)
       VALUES (gen_random_uuid(), 't.v1', $1, $2, 's', '{}', now() - interval '1 day'),
              (gen_random_uuid(), 't.v1', $1, $2, 's', '{}', NULL)`,
      [TYPE, SERVICE],
    );
    const client = new Client({ connectionString: f.db.url });
    await client.connect();
    try {
      const retention = new OutboxRetention(new OutboxStore(client), quietLogger(), { batchSize: 10 });
      expect(await retention.runIfDue()).toBe(25);
      expect(await retention.runIfDue()).toBe(0); // not due again within the interval
    } finally {
      await client.end();
    }
    const [{ left }] = await f.db.dataSource.query('SELECT count(*)::int AS left FROM outbox');
    expect(left).toBe(2);
  });
});
