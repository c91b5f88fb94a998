import {
  CommitStockV1,
  EventEnvelope,
  InventoryTopics,
  ReleaseStockV1,
  ReserveStockV1,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import {
  buildEnvelope,
  createIdempotentProducer,
  createKafkaClient,
  fromKafkaMessage,
  toKafkaMessage,
} from '@shop/messaging';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { insertProduct, stockOf } from '../testing/catalog-fixtures';
import { testLogger, waitUntil } from '@shop/testing';
import { KAFKA_BROKERS, startInventory, type InventoryUnderTest } from '../testing/inventory.under-test';
import { ReservationExpiryJob } from './reservation-expiry.job';

// The saga participant end to end: commands produced to Kafka, consumed through
// the inbox, stock changed with conditional updates, replies written
// to the outbox in the same transaction and relayed to the replies topic.
describe('inventory as a saga participant (real Kafka + Postgres)', () => {
  let inventory: InventoryUnderTest;
  let producer: Producer;
  let admin: Admin;
  let replies: Consumer;
  const received: EventEnvelope[] = [];

  beforeAll(async () => {
    inventory = await startInventory({ grpcPort: 22111, adminPort: 22112 });
    const kafka = createKafkaClient(
      {
        brokers: KAFKA_BROKERS.split(','),
        clientId: 'inventory-saga-test',
        connectionTimeoutMs: 3_000,
        requestTimeoutMs: 10_000,
      },
      'inventory-saga-test',
      testLogger(),
    );
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    replies = kafka.consumer({
      groupId: `inventory-saga-test-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 100,
    });
    await replies.connect();
    await replies.subscribe({ topics: [inventory.topic(InventoryTopics.replies)], fromBeginning: true });
    await replies.run({ eachMessage: async ({ message }) => void received.push(fromKafkaMessage(message)) });
  }, 120_000);

  afterAll(async () => {
    await replies?.disconnect();
    await producer?.disconnect();
    await admin?.disconnect();
    await inventory?.stop();
  });

  const db = () => inventory.db.dataSource;

  const command = (type: string, orderId: string, data: unknown): EventEnvelope =>
    buildEnvelope({ type, subject: orderId, data }, { source: 'order' });

  const send = async (envelope: EventEnvelope) => {
    await producer.send({
      topic: inventory.topic(InventoryTopics.commands),
      messages: [toKafkaMessage(envelope)],
      acks: -1,
    });
  };

  const repliesFor = (orderId: string) => received.filter((reply) => reply.subject === orderId);

  const waitForReplies = (orderId: string, count: number) =>
    waitUntil(async () => repliesFor(orderId).length >= count && repliesFor(orderId), {
      timeoutMs: 30_000,
      description: `${count} replies for order ${orderId}`,
    });

  /** Commit after effect: the group's committed offsets reached the end of the commands topic. */
  const consumerCaughtUp = () =>
    waitUntil(
      async () => {
        const [committed] = await admin.fetchOffsets({
          groupId: inventory.topic('inventory'),
          topics: [inventory.topic(InventoryTopics.commands)],
        });
        const ends = await admin.fetchTopicOffsets(inventory.topic(InventoryTopics.commands));
        return ends.every(({ partition, high }) => {
          const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          return high === '0' || offset === high;
        });
      },
      { timeoutMs: 30_000, description: 'the inventory consumer to commit every command' },
    );

  it('ReserveStock -> StockReserved, through outbox and relay, keyed by order id', async () => {
    const productId = await insertProduct(db(), { available: 10 });
    const orderId = randomUUID();
    await send(command(ReserveStockV1.type, orderId, { orderId, lines: [{ productId, quantity: 3 }] }));

    const [reply] = await waitForReplies(orderId, 1);
    expect(reply).toMatchObject({ type: StockReservedV1.type, source: 'inventory', subject: orderId });
    expect(StockReservedV1.schema.parse(reply?.data)).toMatchObject({ orderId });
    expect(await stockOf(db(), productId)).toEqual({ available: 7, reserved: 3 });
  });

  it('a redelivered command (same envelope id) has no second effect and no second reply (P10)', async () => {
    const productId = await insertProduct(db(), { available: 10 });
    const orderId = randomUUID();
    const envelope = command(ReserveStockV1.type, orderId, { orderId, lines: [{ productId, quantity: 2 }] });
    await send(envelope);
    await waitForReplies(orderId, 1);

    await send(envelope); // the broker redelivers, or the producer's relay republished after a crash
    await consumerCaughtUp();

    expect(await stockOf(db(), productId)).toEqual({ available: 8, reserved: 2 });
    const [inbox] = await db().query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [
      envelope.id,
    ]);
    expect(inbox.n).toBe(1);
    const [outbox] = await db().query('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [orderId]);
    expect(outbox.n).toBe(1);
    expect(repliesFor(orderId)).toHaveLength(1);
  });

  it('the same order re-sent with a new envelope id gets the original outcome again, nothing more', async () => {
    const productId = await insertProduct(db(), { available: 10 });
    const orderId = randomUUID();
    const data = { orderId, lines: [{ productId, quantity: 4 }] };
    await send(command(ReserveStockV1.type, orderId, data));
    const [first] = await waitForReplies(orderId, 1);
    await send(command(ReserveStockV1.type, orderId, data)); // e.g. the saga retried after its timeout

    const [, second] = await waitForReplies(orderId, 2);
    expect(second?.id).not.toBe(first?.id);
    expect(second?.type).toBe(StockReservedV1.type);
    expect(second?.data).toEqual(first?.data); // same reservationId and expiresAt
    expect(await stockOf(db(), productId)).toEqual({ available: 6, reserved: 4 });
  });

  it('failures are replies: out of stock (all or nothing) and unknown product', async () => {
    const scarce = await insertProduct(db(), { available: 1 });
    const plenty = await insertProduct(db(), { available: 5 });
    const outOfStock = randomUUID();
    await send(
      command(ReserveStockV1.type, outOfStock, {
        orderId: outOfStock,
        lines: [
          { productId: plenty, quantity: 1 },
          { productId: scarce, quantity: 2 },
        ],
      }),
    );
    const unknownOrder = randomUUID();
    const unknownProduct = randomUUID();
    await send(
      command(ReserveStockV1.type, unknownOrder, {
        orderId: unknownOrder,
        lines: [{ productId: unknownProduct, quantity: 1 }],
      }),
    );

    const [failed] = await waitForReplies(outOfStock, 1);
    expect(failed?.type).toBe(StockReservationFailedV1.type);
    expect(failed?.data).toEqual({
      orderId: outOfStock,
      code: 'INVENTORY.OUT_OF_STOCK',
      reason: expect.any(String),
      productIds: [scarce],
    });
    expect(await stockOf(db(), plenty)).toEqual({ available: 5, reserved: 0 });
    const [unknown] = await waitForReplies(unknownOrder, 1);
    expect(unknown?.data).toMatchObject({ code: 'INVENTORY.UNKNOWN_PRODUCT', productIds: [unknownProduct] });
  });

  it('CommitStock -> StockCommitted (idempotent); ReleaseStock afterwards restocks -> StockReleased', async () => {
    const productId = await insertProduct(db(), { available: 5 });
    const orderId = randomUUID();
    await send(command(ReserveStockV1.type, orderId, { orderId, lines: [{ productId, quantity: 2 }] }));
    await send(command(CommitStockV1.type, orderId, { orderId }));
    await send(command(CommitStockV1.type, orderId, { orderId }));
    const afterCommit = await waitForReplies(orderId, 3);
    expect(afterCommit.map((reply) => reply.type)).toEqual([
      StockReservedV1.type,
      StockCommittedV1.type,
      StockCommittedV1.type,
    ]);
    expect(await stockOf(db(), productId)).toEqual({ available: 3, reserved: 0 });

    await send(command(ReleaseStockV1.type, orderId, { orderId, reason: 'payment capture failed' }));
    const [, , , released] = await waitForReplies(orderId, 4);
    expect(released).toMatchObject({ type: StockReleasedV1.type, data: { orderId } });
    expect(await stockOf(db(), productId)).toEqual({ available: 5, reserved: 0 });
  });

  it('ReleaseStock of an order never reserved still answers StockReleased', async () => {
    const orderId = randomUUID();
    await send(command(ReleaseStockV1.type, orderId, { orderId, reason: 'step timed out' }));
    const [reply] = await waitForReplies(orderId, 1);
    expect(reply).toMatchObject({ type: StockReleasedV1.type, data: { orderId } });
  });

  it('an abandoned reservation expires and returns its stock; a late CommitStock is then refused', async () => {
    const productId = await insertProduct(db(), { available: 3 });
    const orderId = randomUUID();
    await send(command(ReserveStockV1.type, orderId, { orderId, lines: [{ productId, quantity: 3 }] }));
    await waitForReplies(orderId, 1);
    expect(await stockOf(db(), productId)).toEqual({ available: 0, reserved: 3 });

    const ttlSeconds = inventory.handle.config.RESERVATION_TTL_SECONDS;
    await inventory.handle.app
      .get(ReservationExpiryJob)
      .runDue(new Date(Date.now() + (ttlSeconds + 1) * 1000));
    expect(await stockOf(db(), productId)).toEqual({ available: 3, reserved: 0 });

    await send(command(CommitStockV1.type, orderId, { orderId }));
    const [, refused] = await waitForReplies(orderId, 2);
    expect(refused).toMatchObject({
      type: StockReservationFailedV1.type,
      data: { orderId, code: 'INVENTORY.OUT_OF_STOCK', productIds: [productId] },
    });
    expect(await stockOf(db(), productId)).toEqual({ available: 3, reserved: 0 });
  });
});
