import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

import { toKafkaMessage } from './kafka-message.mapper';
import type { EventHandler } from '../ports/event-handler.port';
import { ConsumerTestFixture, recordEffect } from '../testing/consumer-test-fixture';
import { uniqueName } from '../testing/test-kafka';
import { waitUntil } from '@shop/testing';

const FLAKY = 'shop.test.flaky.v1';
const POISON = 'shop.test.poison.v1';
const MAX_ATTEMPTS = 4;

/** Writes its effect, then throws on the first 2 attempts: only the 3rd attempt's effect may survive. */
class FlakyHandler implements EventHandler {
  readonly calls = new Map<string, number>();
  async handle(event: EventEnvelope, tx: EntityManager) {
    const call = (this.calls.get(event.id) ?? 0) + 1;
    this.calls.set(event.id, call);
    await recordEffect(tx, event, `attempt ${call}`);
    if (call <= 2) throw new Error(`transient failure ${call}`);
  }
}

class PoisonHandler implements EventHandler {
  calls = 0;
  async handle(event: EventEnvelope, tx: EntityManager) {
    this.calls += 1;
    await recordEffect(tx, event, 'poison');
    throw new Error('cannot process this one');
  }
}

const header = (message: { headers?: Record<string, unknown> }, name: string) =>
  String(message.headers?.[name]);

describe('KafkaConsumerRunner failure handling against real Postgres and Kafka (P27)', () => {
  const f = new ConsumerTestFixture();
  const flaky = new FlakyHandler();
  const poison = new PoisonHandler();
  beforeAll(async () => {
    await f.setUp();
    await f.startRunner({
      handlers: { [FLAKY]: flaky, [POISON]: poison },
      concurrency: 2,
      maxAttempts: MAX_ATTEMPTS,
    });
  });
  afterAll(() => f.tearDown());

  it('retries a failing handler with backoff; only the successful attempt leaves an effect', async () => {
    const event = f.envelope(FLAKY);
    await f.produce([toKafkaMessage(event)]);
    await waitUntil(() => f.caughtUp(), { description: 'the flaky event committed' });
    expect(flaky.calls.get(event.id)).toBe(3);
    expect(await f.effects(event.id)).toEqual(['attempt 3']);
    expect(await f.inboxRows(event.id)).toBe(1);
  });

  it('parks a message that keeps failing on <topic>.dlt with reason headers and commits its offset', async () => {
    const event = f.envelope(POISON);
    await f.produce([toKafkaMessage(event)]);
    const parked = await waitUntil(
      () => f.dlt.received.find((r) => header(r.message, 'ce_id') === event.id),
      { description: 'the poison message on the DLT' },
    );
    const headers = Object.fromEntries(
      Object.keys(parked.message.headers ?? {}).map((k) => [k, header(parked.message, k)]),
    );
    expect(headers).toMatchObject({
      'x-dlt-reason': 'max-attempts',
      'x-dlt-attempts': String(MAX_ATTEMPTS),
      'x-dlt-error': 'Error: cannot process this one',
      'x-dlt-consumer': f.groupId,
      'x-original-topic': f.topic,
      ce_id: event.id,
      ce_type: POISON,
    });
    expect(Number(headers['x-original-offset'])).toBeGreaterThanOrEqual(0);
    expect(String(parked.message.value)).toBe(JSON.stringify(event.data));
    expect(poison.calls).toBe(MAX_ATTEMPTS);
    await waitUntil(() => f.caughtUp(), { description: 'the poison offset committed' });
    // Every attempt rolled back: no effect, no inbox row (a replay from the DLT would be processed).
    expect(await f.effects(event.id)).toEqual([]);
    expect(await f.inboxRows(event.id)).toBe(0);
  });

  it('sends an undecodable record and an unhandled type straight to the DLT', async () => {
    const unhandled = f.envelope('shop.test.unknown.v1');
    await f.produce([{ key: 'junk', value: 'not json at all' }, toKafkaMessage(unhandled)]);
    const parkedWith = (reason: string) =>
      waitUntil(() => f.dlt.received.find((r) => header(r.message, 'x-dlt-reason') === reason), {
        description: `a ${reason} record on the DLT`,
      });
    const decode = await parkedWith('decode-error');
    expect(String(decode.message.value)).toBe('not json at all');
    expect(header(decode.message, 'x-dlt-error')).toMatch(/missing header ce_id/);
    expect(header(decode.message, 'x-dlt-attempts')).toBe('0');
    const noHandler = await parkedWith('no-handler');
    expect(header(noHandler.message, 'ce_id')).toBe(unhandled.id);
    await waitUntil(() => f.caughtUp(), { description: 'their offsets committed' });
    // Wire values never become labels: both counted under type "unknown".
    expect(
      await f.metrics.counter('consumer_handled_total', { type: 'unknown', outcome: 'dead-lettered' }),
    ).toBe(2);
  });

  it('P07: stop() lets the in-flight message finish and commit before disconnecting', async () => {
    const topic = await f.newTopic('test.stop', 1);
    const groupId = uniqueName('consumer-stop-test');
    let entered!: () => void;
    let release!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    const handlerReleased = new Promise<void>((resolve) => (release = resolve));
    const slow: EventHandler = {
      handle: async (event, tx) => {
        entered();
        await handlerReleased;
        await recordEffect(tx, event, 'slow');
      },
    };
    const event = f.envelope(FLAKY, { slow: true });
    await f.produce([toKafkaMessage(event)], topic);
    const runner = await f.startRunner({ groupId, topics: [topic], handlers: { [FLAKY]: slow } });
    await handlerEntered;
    // stop() is called while the handler is mid-flight; it must wait for it, then commit.
    const stopped = runner.stop();
    release();
    await stopped;
    expect(await f.effects(event.id)).toEqual(['slow']);
    const [committed] = await f.admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '1' })]);
  });
});
