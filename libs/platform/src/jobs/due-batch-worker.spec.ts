import pino from 'pino';
import { DueBatchWorker, type DueBatchQueue } from './due-batch-worker';

const logger = pino({ level: 'silent' });

/** A queue with `due` rows that hands out at most `limit` per batch. */
function queueWith(due: number): DueBatchQueue & { batches: number[] } {
  const batches: number[] = [];
  return {
    name: 'test',
    batches,
    async runDueBatch(limit) {
      const handled = Math.min(limit, due);
      due -= handled;
      batches.push(handled);
      return handled;
    },
  };
}

describe('DueBatchWorker.runDue', () => {
  it('runs batches until one comes back short, and returns how many rows it handled', async () => {
    const queue = queueWith(25);
    const worker = new DueBatchWorker(
      queue,
      { intervalMs: 1_000, batchSize: 10, maxBatchesPerRun: 5 },
      logger,
    );
    await expect(worker.runDue()).resolves.toBe(25);
    expect(queue.batches).toEqual([10, 10, 5]);
  });

  it('stops after maxBatchesPerRun: a backlog drains over several runs', async () => {
    const queue = queueWith(100);
    const worker = new DueBatchWorker(
      queue,
      { intervalMs: 1_000, batchSize: 10, maxBatchesPerRun: 3 },
      logger,
    );
    await expect(worker.runDue()).resolves.toBe(30);
    await expect(worker.runDue()).resolves.toBe(30);
  });

  it('passes the same `now` to every batch when given one', async () => {
    const seen: Date[] = [];
    const now = new Date('2030-01-01T00:00:00Z');
    const worker = new DueBatchWorker(
      { name: 'test', runDueBatch: async (_limit, at) => (seen.push(at), seen.length < 3 ? 1 : 0) },
      { intervalMs: 1_000, batchSize: 1, maxBatchesPerRun: 5 },
      logger,
    );
    await worker.runDue(now);
    expect(seen).toEqual([now, now, now]);
  });
});
