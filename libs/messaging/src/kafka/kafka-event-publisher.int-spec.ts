import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import type { Admin, Kafka } from 'kafkajs';

import {
  createTestKafka,
  quietLogger,
  TEST_BROKERS,
  TopicCollector,
  uniqueName,
} from '../testing/test-kafka';
import { TopicAdmin } from './topic-admin';
import { waitUntil } from '@shop/testing';

const PROCESS_JS = resolve(
  __dirname,
  '../../../../dist/libs/messaging/src/testing/instrumented-publish-process.js',
);

describe('KafkaEventPublisher under instrumentation-kafkajs (P20)', () => {
  const topic = `${uniqueName('test.traced')}.v1`;
  let kafka: Kafka;
  let admin: Admin;
  let collector: TopicCollector;

  beforeAll(async () => {
    kafka = createTestKafka('publisher-int-spec');
    admin = kafka.admin();
    await admin.connect();
    await new TopicAdmin(admin, { partitions: 1, retentionMs: 3_600_000 }, quietLogger()).ensureTopics([
      { topic },
    ]);
    collector = new TopicCollector(kafka, [topic]);
    await collector.start();
  });

  afterAll(async () => {
    await collector.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('keeps the traceparent recorded in the envelope; the instrumentation cannot replace it', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    const child = spawn(process.execPath, [PROCESS_JS], {
      env: { ...env, TOPIC: topic, TRACEPARENT: traceparent, KAFKA_BROKERS: TEST_BROKERS.join(',') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect({ code, stderr: stderr.includes('failed') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const received = await waitUntil(() => collector.received[0], { description: 'the published record' });
    expect(String(received.message.headers?.['traceparent'])).toBe(traceparent);
  });
});
