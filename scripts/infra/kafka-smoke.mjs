#!/usr/bin/env node
// Proof that the Node client the services use (kafkajs 2.2.4) works against the
// local Kafka broker started by scripts/infra/start.sh:
//   admin    : createTopics (+ idempotent re-create), fetchTopicMetadata, describeCluster
//   producer : idempotent producer (acks=all, producer id + sequence numbers)
//   consumer : consumer group join, consume, manual offset commit, committed offsets read back
//   config   : auto.create.topics.enable=false (the services create their topics)
//   extra    : a transactional producer (commit), and a second member joining the group (rebalance)
//
// Usage:  node scripts/infra/kafka-smoke.mjs
// Env:    KAFKA_BROKERS (default 127.0.0.1:${KAFKA_PORT:-9092})
//         KAFKA_SMOKE_VERBOSE=1 to see kafkajs' own log lines
//         KAFKAJS_DIR   a directory whose node_modules holds kafkajs (default: the repo, then /tmp/kafkajs-proof)
// Exit code 0 and a final "kafka-smoke: N passed, 0 failed" line when everything works.
//
// It does not install anything: when kafkajs is not found it says how to get it.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

function loadKafkajs() {
  const dirs = [process.env.KAFKAJS_DIR, repoRoot, '/tmp/kafkajs-proof'].filter(Boolean);
  for (const dir of dirs) {
    try {
      const req = createRequire(path.join(dir, 'noop.js'));
      const mod = req('kafkajs');
      const version = req('kafkajs/package.json').version;
      return { mod, version, dir };
    } catch {
      // try the next candidate
    }
  }
  console.error('kafka-smoke: kafkajs not found in ' + dirs.join(', '));
  console.error(
    '  fix: mkdir -p /tmp/kafkajs-proof && npm --prefix /tmp/kafkajs-proof install kafkajs@2.2.4',
  );
  process.exit(2);
}

const { mod: kafkajs, version: kafkajsVersion, dir: kafkajsDir } = loadKafkajs();
const { Kafka, logLevel, Partitioners } = kafkajs;

const brokers = (process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || '9092'}`).split(',');
const run = `${Date.now()}-${process.pid}`;
const topic = `smoke.${run}`;
const groupId = `smoke-group-${run}`;
const N = 30;

let passed = 0;
let failed = 0;
const ok = (name, detail = '') => {
  passed += 1;
  console.log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
};
const fail = (name, err) => {
  failed += 1;
  console.log(`FAIL ${name} — ${err && err.stack ? err.stack : err}`);
};
async function check(name, fn) {
  try {
    const detail = await fn();
    ok(name, detail);
    return true;
  } catch (err) {
    fail(name, err);
    return false;
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, ms, predicate) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

const watchdog = setTimeout(() => {
  console.log(`FAIL overall — no result after 90 s`);
  console.log(`kafka-smoke: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, 90_000);

// kafkajs logs every request at DEBUG as "Request <Api>(key: k, version: v)": collect them to
// report which protocol versions were actually negotiated with this broker. The expected errors
// of this proof (re-creating a topic, the coordinator still loading on a fresh broker) are
// logged by kafkajs as ERROR: they are printed only with KAFKA_SMOKE_VERBOSE=1.
const apiVersionsUsed = new Map();
const verbose = Boolean(process.env.KAFKA_SMOKE_VERBOSE);
const logCreator =
  () =>
  ({ level, log }) => {
    const m = /Request (\w+)\(key: (\d+), version: (\d+)\)/.exec(log.message || '');
    if (m) apiVersionsUsed.set(m[1], `${m[1]}(${m[2]}) v${m[3]}`);
    if (verbose && level <= logLevel.WARN)
      console.log(
        `  kafkajs ${level === logLevel.ERROR ? 'ERROR' : 'WARN'}: ${log.message}${log.error ? ` (${log.error})` : ''}`,
      );
  };

const kafka = new Kafka({
  clientId: 'kafka-smoke',
  brokers,
  logLevel: logLevel.DEBUG,
  logCreator,
  retry: { retries: 5, initialRetryTime: 200 },
});

console.log(
  `kafka-smoke: kafkajs ${kafkajsVersion} (from ${kafkajsDir}) -> ${brokers.join(',')}, topic ${topic}`,
);

const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
const consumer2 = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
const txProducer = kafka.producer({
  transactionalId: `smoke-tx-${run}`,
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});

try {
  await check('admin.connect + describeCluster', async () => {
    await admin.connect();
    const c = await admin.describeCluster();
    if (!c.brokers.length) throw new Error('no brokers in describeCluster');
    return `clusterId=${c.clusterId} controller=${c.controller} brokers=${c.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(',')}`;
  });

  await check('admin.createTopics', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    });
    if (created !== true) throw new Error(`createTopics returned ${created}, expected true`);
    const again = await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
    if (again !== false) throw new Error(`re-create returned ${again}, expected false (already exists)`);
    return 'created (3 partitions), re-create is a no-op';
  });

  await check('admin.fetchTopicMetadata', async () => {
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    const t = md.topics.find((x) => x.name === topic);
    if (!t) throw new Error('topic missing from metadata');
    if (t.partitions.length !== 3) throw new Error(`expected 3 partitions, got ${t.partitions.length}`);
    if (t.partitions.some((p) => p.leader < 0)) throw new Error('partition without leader');
    const all = await admin.listTopics();
    if (!all.includes(topic)) throw new Error('listTopics misses the topic');
    return `partitions=${t.partitions.map((p) => `${p.partitionId}:leader${p.leader}`).join(',')}`;
  });

  await check('broker does not auto-create topics', async () => {
    const absent = `smoke.absent.${run}`;
    let threw = false;
    try {
      await admin.fetchTopicMetadata({ topics: [absent] });
    } catch {
      threw = true;
    }
    const all = await admin.listTopics();
    if (!threw || all.includes(absent))
      throw new Error(`metadata request for ${absent} created it (auto.create.topics.enable must be false)`);
    return 'metadata for an unknown topic fails and creates nothing';
  });

  await check('producer (idempotent) send', async () => {
    await producer.connect();
    const messages = Array.from({ length: N }, (_, i) => ({
      key: `k${i % 7}`,
      value: JSON.stringify({ i, run }),
    }));
    const res = await producer.send({ topic, messages });
    if (!res.length) throw new Error('no record metadata returned');
    // a second batch proves sequence numbers keep advancing without OutOfOrderSequence errors
    await producer.send({ topic, messages: [{ key: 'k-last', value: JSON.stringify({ i: N, run }) }] });
    return `${N + 1} messages acknowledged (acks=all) on partitions ${res.map((r) => `${r.partition}@${r.baseOffset}`).join(',')}`;
  });

  await check('transactional producer commit', async () => {
    await txProducer.connect();
    const tx = await txProducer.transaction();
    await tx.send({ topic, messages: [{ key: 'tx', value: JSON.stringify({ i: N + 1, run, tx: true }) }] });
    await tx.commit();
    return '1 message committed in a transaction';
  });

  const expected = N + 2;
  const seen = new Map();
  let joined = null;
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    joined = e.payload;
  });

  await check('consumer group join + consume', async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        seen.set(`${partition}:${message.offset}`, message.value.toString());
      },
    });
    await until('group join', 20_000, () => joined !== null);
    await until(`${expected} messages`, 20_000, () => seen.size >= expected);
    return `joined as ${joined.isLeader ? 'leader' : 'member'} (protocol ${joined.groupProtocol}, ${joined.duration} ms), consumed ${seen.size} messages`;
  });

  await check('consumer commitOffsets + admin.fetchOffsets', async () => {
    const md = await admin.fetchTopicOffsets(topic);
    const toCommit = md.map((p) => ({ topic, partition: p.partition, offset: p.high }));
    await consumer.commitOffsets(toCommit);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const parts = committed[0].partitions;
    for (const p of md) {
      const c = parts.find((x) => x.partition === p.partition);
      if (!c || c.offset !== p.high)
        throw new Error(`partition ${p.partition}: committed ${c && c.offset}, expected ${p.high}`);
    }
    return `committed ${parts.map((p) => `${p.partition}@${p.offset}`).join(',')}`;
  });

  await check('second member joins the group (rebalance)', async () => {
    let joined2 = null;
    consumer2.on(consumer2.events.GROUP_JOIN, (e) => {
      joined2 = e.payload;
    });
    await consumer2.connect();
    await consumer2.subscribe({ topics: [topic], fromBeginning: true });
    await consumer2.run({ autoCommit: false, eachMessage: async () => {} });
    await until('second member join', 30_000, () => joined2 !== null);
    const d = await admin.describeGroups([groupId]);
    const g = d.groups[0];
    return `group state=${g.state}, protocol=${g.protocol}, members=${g.members.length}`;
  });

  await check('admin.deleteTopics', async () => {
    await consumer2.disconnect();
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    return 'deleted';
  });
} catch (err) {
  fail('unexpected', err);
} finally {
  await Promise.allSettled([
    producer.disconnect(),
    txProducer.disconnect(),
    consumer.disconnect(),
    consumer2.disconnect(),
  ]);
  await admin.disconnect().catch(() => {});
  clearTimeout(watchdog);
}

console.log(`kafka-smoke: protocol versions used: ${[...apiVersionsUsed.values()].sort().join(', ')}`);
console.log(`kafka-smoke: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
