import type { ReserveOutcome } from '@shop/inventory-domain';
import { randomUUID } from 'node:crypto';
import { ReservationRepository } from '../persistence/reservation.repository';
import { StockRepository } from '../persistence/stock.repository';
import { insertProduct, stockOf } from '../testing/catalog-fixtures';
import { testLogger } from '@shop/testing';
import { createInventoryTestDatabase, type InventoryTestDatabase } from '../testing/inventory-test-database';
import { ReservationExpiryJob } from './reservation-expiry.job';
import { ReservationMetrics } from './reservation-metrics';
import { StockReservations } from './stock-reservations';

// The reservation use cases against a real PostgreSQL (a fresh database with the
// service's migrations): no oversell under real concurrency, all-or-nothing, idempotency
// per order, and the expiry job.
describe('stock reservations (real Postgres)', () => {
  let db: InventoryTestDatabase;
  let reservations: StockReservations;
  let expiry: ReservationExpiryJob;
  const TTL_SECONDS = 60;

  beforeAll(async () => {
    db = await createInventoryTestDatabase(20);
    const stock = new StockRepository(db.dataSource);
    const repository = new ReservationRepository();
    reservations = new StockReservations(repository, stock, { RESERVATION_TTL_SECONDS: TTL_SECONDS });
    expiry = new ReservationExpiryJob(
      db.dataSource,
      repository,
      stock,
      new ReservationMetrics(),
      { RESERVATION_EXPIRY_INTERVAL_MS: 60_000, RESERVATION_EXPIRY_BATCH_SIZE: 2 },
      testLogger(),
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  const reserve = (orderId: string, lines: Array<{ productId: string; quantity: number }>) =>
    db.dataSource.transaction((tx) => reservations.reserve(tx, orderId, lines));
  const commit = (orderId: string) => db.dataSource.transaction((tx) => reservations.commit(tx, orderId));
  const release = (orderId: string) => db.dataSource.transaction((tx) => reservations.release(tx, orderId));
  const statusOf = async (orderId: string) =>
    (await db.dataSource.query('SELECT status FROM reservations WHERE order_id = $1', [orderId]))[0]?.status;

  describe('P11: no oversell under concurrency', () => {
    it('100 parallel reservations of 1 unit for 10 units: exactly 10 succeed, stock ends at 0', async () => {
      const productId = await insertProduct(db.dataSource, { available: 10 });
      const orders = Array.from({ length: 100 }, () => randomUUID());

      const outcomes = await Promise.all(
        orders.map((orderId) => reserve(orderId, [{ productId, quantity: 1 }])),
      );

      expect(outcomes.filter((o) => o.kind === 'reserved')).toHaveLength(10);
      const rejected = outcomes.filter(
        (o): o is Extract<ReserveOutcome, { kind: 'rejected' }> => o.kind === 'rejected',
      );
      expect(rejected).toHaveLength(90);
      expect(new Set(rejected.map((o) => o.failure.code))).toEqual(new Set(['INVENTORY.OUT_OF_STOCK']));
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 0, reserved: 10 });
      const rows = await db.dataSource.query(
        `SELECT status, count(*)::int AS n FROM reservations WHERE order_id = ANY($1::uuid[])
          GROUP BY status ORDER BY status`,
        [orders],
      );
      expect(rows).toEqual([
        { status: 'REJECTED', n: 90 },
        { status: 'RESERVED', n: 10 },
      ]);
    });

    it('multi-line orders listing products in opposite orders neither oversell nor deadlock', async () => {
      const a = await insertProduct(db.dataSource, { available: 5 });
      const b = await insertProduct(db.dataSource, { available: 5 });
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          reserve(
            randomUUID(),
            i % 2 === 0
              ? [
                  { productId: a, quantity: 1 },
                  { productId: b, quantity: 1 },
                ]
              : [
                  { productId: b, quantity: 1 },
                  { productId: a, quantity: 1 },
                ],
          ),
        ),
      );
      expect(outcomes.filter((o) => o.kind === 'reserved')).toHaveLength(5);
      // All or nothing: every unit taken from A was taken together with one from B.
      expect(await stockOf(db.dataSource, a)).toEqual({ available: 0, reserved: 5 });
      expect(await stockOf(db.dataSource, b)).toEqual({ available: 0, reserved: 5 });
    });

    it('the CHECK constraint rejects any write that would take stock below zero (last line of defence)', async () => {
      const productId = await insertProduct(db.dataSource, { available: 3 });
      await expect(
        db.dataSource.query('UPDATE stock SET available = available - 4 WHERE product_id = $1', [productId]),
      ).rejects.toThrow(/stock_available_non_negative/);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 3, reserved: 0 });
    });
  });

  describe('all or nothing', () => {
    it('one short line fails the whole order and leaves every line untouched', async () => {
      const plenty = await insertProduct(db.dataSource, { available: 5 });
      const scarce = await insertProduct(db.dataSource, { available: 1 });
      const orderId = randomUUID();

      const outcome = await reserve(orderId, [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: 2 },
      ]);

      expect(outcome).toEqual({
        kind: 'rejected',
        failure: { code: 'INVENTORY.OUT_OF_STOCK', reason: expect.any(String), productIds: [scarce] },
      });
      expect(await stockOf(db.dataSource, plenty)).toEqual({ available: 5, reserved: 0 });
      expect(await stockOf(db.dataSource, scarce)).toEqual({ available: 1, reserved: 0 });
      expect(await statusOf(orderId)).toBe('REJECTED');
    });

    it('unknown and inactive products fail with their own codes', async () => {
      const inactive = await insertProduct(db.dataSource, { available: 5, active: false });
      const active = await insertProduct(db.dataSource, { available: 5 });
      const unknown = randomUUID();

      expect(await reserve(randomUUID(), [{ productId: unknown, quantity: 1 }])).toMatchObject({
        kind: 'rejected',
        failure: { code: 'INVENTORY.UNKNOWN_PRODUCT', productIds: [unknown] },
      });
      expect(
        await reserve(randomUUID(), [
          { productId: active, quantity: 1 },
          { productId: inactive, quantity: 1 },
        ]),
      ).toMatchObject({
        kind: 'rejected',
        failure: { code: 'INVENTORY.PRODUCT_INACTIVE', productIds: [inactive] },
      });
      expect(await stockOf(db.dataSource, active)).toEqual({ available: 5, reserved: 0 });
    });
  });

  describe('idempotent per order (P10)', () => {
    it('a repeated ReserveStock returns the stored outcome and takes nothing more', async () => {
      const productId = await insertProduct(db.dataSource, { available: 5 });
      const orderId = randomUUID();
      const first = await reserve(orderId, [{ productId, quantity: 2 }]);
      const second = await reserve(orderId, [{ productId, quantity: 2 }]);
      expect(first.kind).toBe('reserved');
      expect(second).toEqual(first);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 3, reserved: 2 });
    });

    it('a stored failure stays the answer even after a restock', async () => {
      const productId = await insertProduct(db.dataSource, { available: 0 });
      const orderId = randomUUID();
      const first = await reserve(orderId, [{ productId, quantity: 1 }]);
      await db.dataSource.query('UPDATE stock SET available = 10 WHERE product_id = $1', [productId]);
      expect(await reserve(orderId, [{ productId, quantity: 1 }])).toEqual(first);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 10, reserved: 0 });
    });

    it('concurrent ReserveStock for one order: one reservation, one decrement, one answer', async () => {
      const productId = await insertProduct(db.dataSource, { available: 50 });
      const orderId = randomUUID();
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => reserve(orderId, [{ productId, quantity: 3 }])),
      );
      expect(new Set(outcomes.map((o) => JSON.stringify(o))).size).toBe(1);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 47, reserved: 3 });
    });
  });

  describe('commit and release (idempotent, safe in any order)', () => {
    it('commit moves units out of reserved once; release after commit restocks them', async () => {
      const productId = await insertProduct(db.dataSource, { available: 5 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId, quantity: 2 }]);

      expect(await commit(orderId)).toMatchObject({ outcome: 'committed', effect: 'commit-reserved' });
      expect(await commit(orderId)).toMatchObject({ outcome: 'committed', effect: 'none' });
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 3, reserved: 0 });

      expect(await release(orderId)).toBe('restock-committed');
      expect(await release(orderId)).toBe('none');
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 5, reserved: 0 });
      expect(await statusOf(orderId)).toBe('RELEASED');
    });

    it('release returns held units once; a commit after it is refused', async () => {
      const productId = await insertProduct(db.dataSource, { available: 5 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId, quantity: 4 }]);

      expect(await release(orderId)).toBe('return-reserved');
      expect(await release(orderId)).toBe('none');
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 5, reserved: 0 });
      expect(await commit(orderId)).toMatchObject({
        outcome: 'refused',
        failure: { code: 'INVENTORY.OUT_OF_STOCK', productIds: [productId] },
      });
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 5, reserved: 0 });
    });

    it('release of an order never reserved is a no-op; commit of one is refused', async () => {
      const orderId = randomUUID();
      expect(await release(orderId)).toBe('none');
      expect(await commit(orderId)).toMatchObject({ outcome: 'refused' });
      expect(await statusOf(orderId)).toBeUndefined();
    });
  });

  describe('expiry of abandoned reservations', () => {
    const inFuture = (seconds: number) => new Date(Date.now() + seconds * 1000);

    it('expires only due RESERVED reservations, in bounded batches, returning their stock once', async () => {
      const productId = await insertProduct(db.dataSource, { available: 10 });
      const due = [randomUUID(), randomUUID(), randomUUID()];
      for (const orderId of due) await reserve(orderId, [{ productId, quantity: 1 }]);
      const committed = randomUUID();
      await reserve(committed, [{ productId, quantity: 2 }]);
      await commit(committed);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 5, reserved: 3 });

      expect(await expiry.runDue(inFuture(TTL_SECONDS - 5))).toBe(0);
      // Batch size 2, at most 10 batches a run: earlier tests left open reservations too.
      let expired = 0;
      for (let run = await expiry.runDue(inFuture(TTL_SECONDS + 1)); run > 0;) {
        expired += run;
        run = await expiry.runDue(inFuture(TTL_SECONDS + 1));
      }
      expect(expired).toBeGreaterThanOrEqual(3);

      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 8, reserved: 0 });
      for (const orderId of due) expect(await statusOf(orderId)).toBe('EXPIRED');
      expect(await statusOf(committed)).toBe('COMMITTED');
      expect(await commit(due[0] as string)).toMatchObject({ outcome: 'refused' });
    });

    it('replicas running it at once split the work: each reservation expires exactly once', async () => {
      const productId = await insertProduct(db.dataSource, { available: 30 });
      for (let i = 0; i < 30; i += 1) await reserve(randomUUID(), [{ productId, quantity: 1 }]);
      const at = inFuture(TTL_SECONDS + 1);
      await Promise.all([expiry.runDue(at), expiry.runDue(at), expiry.runDue(at)]);
      while ((await expiry.runDue(at)) > 0);
      expect(await stockOf(db.dataSource, productId)).toEqual({ available: 30, reserved: 0 });
    });

    it('skips a reservation being committed right now (SKIP LOCKED) instead of waiting for it', async () => {
      const productId = await insertProduct(db.dataSource, { available: 1 });
      const orderId = randomUUID();
      await reserve(orderId, [{ productId, quantity: 1 }]);
      const runner = db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('SELECT id FROM reservations WHERE order_id = $1 FOR UPDATE', [orderId]);
        const started = Date.now();
        await expiry.runDue(inFuture(TTL_SECONDS + 1));
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(await statusOf(orderId)).toBe('RESERVED');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });
});
