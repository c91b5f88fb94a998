import { waitUntil } from '@shop/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

/** Unconsumed messages per consumer group: committed offsets against each partition's end. */
async function consumerLag(admin: Admin): Promise<Record<string, number>> {
  const { groups } = await admin.listGroups();
  const lag: Record<string, number> = {};
  for (const { groupId } of groups.filter((g) => g.protocolType === 'consumer')) {
    let total = 0;
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      const ends = new Map(
        (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.offset)]),
      );
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition) ?? 0n;
        // -1: nothing committed yet on that partition; everything up to its end is unread.
        total += Number(end - (offset === '-1' ? 0n : BigInt(offset)));
      }
    }
    lag[groupId] = total;
  }
  return lag;
}

/** Waits until every consumer group has read and committed everything published so far. */
export async function caughtUp(timeoutMs = 60_000): Promise<Record<string, number>> {
  // One admin connection for the whole wait, not one per poll.
  const admin = new Kafka({ clientId: 'e2e-faults', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await waitUntil(
      async () => {
        const lag = await consumerLag(admin);
        return Object.values(lag).every((n) => n === 0) ? lag : undefined;
      },
      { timeoutMs, intervalMs: 500, description: 'every consumer group to catch up (lag 0)' },
    );
  } finally {
    await admin.disconnect();
  }
}
