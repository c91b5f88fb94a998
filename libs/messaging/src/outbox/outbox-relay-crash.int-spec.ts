import type { Kafka } from 'kafkajs';

import { fromKafkaMessage } from '../kafka/kafka-message.mapper';
import { TopicAdmin } from '../kafka/topic-admin';
import { spawnRelayProcess, type RelayProcess } from '../testing/spawn-relay-process';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  createTestKafka,
  quietLogger,
  TEST_BROKERS,
  TopicCollector,
  uniqueName,
} from '../testing/test-kafka';
import { OutboxWriter } from './outbox-writer';
import { waitUntil } from '@shop/testing';

const SERVICE = 'crashtest';
const KEYS = 10;

jest.setTimeout(120_000);

describe('OutboxRelay process killed with SIGKILL mid-stream (P09: at-least-once, nothing lost)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let collector: TopicCollector;
  const topic = `${uniqueName('test.crash')}.v1`;
  const processes: RelayProcess[] = [];
  const admin = () => kafka.admin();
  let adminClient: ReturnType<typeof admin>;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = createTestKafka('relay-crash-int-spec');
    adminClient = admin();
    await adminClient.connect();
  });

  afterAll(async () => {
    for (const relay of processes)
      if (relay.child.exitCode === null && relay.child.signalCode === null) relay.child.kill('SIGKILL');
    await Promise.all(processes.map((relay) => relay.exited));
    await collector?.stop();
    await adminClient.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await adminClient.disconnect();
    await db.drop();
  });

  const countPublished = async () => {
    const [{ published }] = await db.dataSource.query(
      'SELECT count(*)::int AS published FROM outbox WHERE published_at IS NOT NULL',
    );
    return published as number;
  };

  it('publishes every committed event at least once, in per-key order after dedupe by id', async () => {
    await new TopicAdmin(adminClient, { partitions: 3, retentionMs: 3_600_000 }, quietLogger()).ensureTopics([
      { topic },
    ]);
    collector = new TopicCollector(kafka, [topic]);
    await collector.start();
    const spawnRelay = (env: Record<string, string> = {}) => {
      const relay = spawnRelayProcess({
        ...env,
        SERVICE_NAME: SERVICE,
        DATABASE_URL: db.url,
        KAFKA_BROKERS: TEST_BROKERS.join(','),
        OUTBOX_POLL_INTERVAL_MS: '200',
        OUTBOX_BATCH_SIZE: '20',
      });
      processes.push(relay);
      return relay;
    };

    // Writers: 4 concurrent loops (~150 events/s), one event per transaction, per-key turns like an aggregate row lock.
    const writer = new OutboxWriter({ serviceName: SERVICE });
    const committed: string[] = [];
    let writing = true;
    let sequence = 0;
    const writeLoop = async () => {
      while (writing) {
        const i = sequence++;
        const key = `agg-${i % KEYS}`;
        const envelope = await db.dataSource.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
          return writer.append(tx, { topic, type: 'shop.test.happened.v1', subject: key, data: { i } });
        });
        committed.push(envelope.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const writers = Array.from({ length: 4 }, writeLoop);

    // The first relay pauses 2 s between each Kafka ack and its UPDATE; it is
    // killed inside the 3rd such window: that batch is on Kafka, not marked.
    const first = spawnRelay({ RELAY_PAUSE_AFTER_PUBLISH_MS: '2000' });
    await first.leader;
    const pausing = 'published batch; pausing before marking it';
    await first.seen(pausing, 3);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const inFlight: string[] = first
      .output()
      .split('\n')
      .filter((line) => line.includes(pausing))
      .map((line) => JSON.parse(line).eventIds)
      .at(-1);
    expect(inFlight.length).toBeGreaterThan(0);
    const [{ unmarked }] = await db.dataSource.query(
      'SELECT count(*)::int AS unmarked FROM outbox WHERE event_id = ANY($1::uuid[]) AND published_at IS NULL',
      [inFlight],
    );
    expect(unmarked).toBe(inFlight.length);

    // Events keep committing while no relay runs; they must not be lost.
    const atKill = committed.length;
    await waitUntil(() => committed.length >= atKill + 100, {
      description: '100 events committed with no relay',
    });
    const second = spawnRelay();
    await second.leader;
    const target = committed.length + 200;
    await waitUntil(() => committed.length >= target, {
      description: '200 more events committed while the new relay runs',
    });
    writing = false;
    await Promise.all(writers);

    await waitUntil(async () => (await countPublished()) === committed.length, {
      description: 'every outbox row published',
      timeoutMs: 30_000,
    });
    const committedIds = new Set(committed);
    const receivedIds = () => new Set(collector.received.map((r) => fromKafkaMessage(r.message).id));
    await waitUntil(
      () => {
        const seen = receivedIds();
        return committed.every((id) => seen.has(id));
      },
      { description: 'every committed event consumed' },
    );

    // None missing, none invented.
    expect([...receivedIds()].filter((id) => !committedIds.has(id))).toEqual([]);
    const rows: Array<{ id: string; event_id: string; subject: string }> = await db.dataSource.query(
      'SELECT id, event_id, subject FROM outbox WHERE published_at IS NOT NULL ORDER BY id',
    );
    expect(rows).toHaveLength(committed.length);

    // Per key, first occurrences (dedupe by id) follow the outbox id order.
    const rowId = new Map(rows.map((row) => [row.event_id, Number(row.id)]));
    const firstSeen = new Set<string>();
    const consumedPerKey = new Map<string, number[]>();
    for (const { message } of collector.received) {
      const envelope = fromKafkaMessage(message);
      if (firstSeen.has(envelope.id)) continue;
      firstSeen.add(envelope.id);
      consumedPerKey.set(envelope.subject, [
        ...(consumedPerKey.get(envelope.subject) ?? []),
        rowId.get(envelope.id) ?? -1,
      ]);
    }
    for (let k = 0; k < KEYS; k += 1) {
      const key = `agg-${k}`;
      const expected = rows.filter((row) => row.subject === key).map((row) => Number(row.id));
      expect(consumedPerKey.get(key)).toEqual(expected);
    }
    // The batch on Kafka but not marked when the relay died went out again: at-least-once, never at-most-once.
    const timesConsumed = (id: string) =>
      collector.received.filter(({ message }) => fromKafkaMessage(message).id === id).length;
    expect(inFlight.map(timesConsumed)).toEqual(inFlight.map(() => 2));
    const duplicates = collector.received.length - committed.length;
    console.log(
      `crash test: ${committed.length} committed, ${collector.received.length} consumed, ${duplicates} duplicates`,
    );

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
