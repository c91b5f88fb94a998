import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';

import { createTestKafka, quietLogger, uniqueName } from '../testing/test-kafka';
import { TopicAdmin } from './topic-admin';

describe('TopicAdmin.ensureTopics against real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicAdmin;
  const created: string[] = [];
  const name = () => {
    const topic = `${uniqueName('test.topics')}.v1`;
    created.push(topic);
    return topic;
  };
  const partitionsOf = async (topic: string) => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata[0]?.partitions.length;
  };
  const retentionOf = async (topic: string) => {
    const { resources } = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    });
    return resources[0]?.configEntries[0]?.configValue;
  };

  beforeAll(async () => {
    kafka = createTestKafka('topic-admin-int-spec');
    admin = kafka.admin();
    await admin.connect();
    topics = new TopicAdmin(admin, { partitions: 3, retentionMs: 86_400_000 }, quietLogger());
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates missing topics with the configured or default partitions and retention', async () => {
    const explicit = name();
    const defaulted = name();
    await topics.ensureTopics([
      { topic: explicit, partitions: 2, retentionMs: 60_000 },
      { topic: defaulted },
    ]);
    expect(await partitionsOf(explicit)).toBe(2);
    expect(await retentionOf(explicit)).toBe('60000');
    expect(await partitionsOf(defaulted)).toBe(3);
    expect(await retentionOf(defaulted)).toBe('86400000');
  });

  it('is idempotent: a second call, and concurrent calls from several replicas, succeed', async () => {
    const topic = name();
    await topics.ensureTopics([{ topic, partitions: 2 }]);
    await expect(topics.ensureTopics([{ topic, partitions: 2 }])).resolves.toBeUndefined();
    const raced = name();
    await expect(
      Promise.all([1, 2, 3].map(() => topics.ensureTopics([{ topic: raced, partitions: 2 }]))),
    ).resolves.toHaveLength(3);
    expect(await partitionsOf(raced)).toBe(2);
  });

  it('leaves an existing topic as it is when the spec differs (changing partitions is an operation)', async () => {
    const topic = name();
    await topics.ensureTopics([{ topic, partitions: 1 }]);
    await topics.ensureTopics([{ topic, partitions: 4 }]);
    expect(await partitionsOf(topic)).toBe(1);
  });
});
