import { ScratchDatabase, waitUntil } from '@shop/testing';
import { Pool } from 'pg';
import pino from 'pino';
import type { Job, JobOutcome, JobQueue } from './job-queue';
import { JobWorker, type JobWorkerSettings } from './job-worker';

const CHANNEL = 'test_jobs';
const logger = pino({ level: 'silent' });

interface TestJob extends Job {
  readonly id: number;
}

/** A queue as a service writes one: its table's SQL (claim with a lease, fenced completion) and a handler. */
class TestQueue implements JobQueue<TestJob> {
  readonly name = 'test-jobs';
  running = 0;
  mostRunning = 0;
  readonly runs: number[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly leaseMs: number,
    private readonly work: (job: TestJob) => Promise<JobOutcome | void> = async () => undefined,
  ) {}

  async claim(limit: number): Promise<TestJob[]> {
    const { rows } = await this.pool.query<{ id: number; attempts: number }>(
      `WITH due AS (
         SELECT id FROM jobs WHERE state = 'open' AND next_attempt_at <= now()
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE jobs j SET attempts = j.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM due WHERE j.id = due.id
       RETURNING j.id, j.attempts`,
      [limit, this.leaseMs],
    );
    return rows;
  }

  span(job: TestJob) {
    return { name: 'test job', attributes: { 'test.job.id': job.id } };
  }

  async handle(job: TestJob): Promise<JobOutcome> {
    this.running += 1;
    this.mostRunning = Math.max(this.mostRunning, this.running);
    this.runs.push(job.id);
    try {
      const outcome = await this.work(job);
      if (outcome) return outcome;
    } finally {
      this.running -= 1;
    }
    const done = await this.pool.query(
      `UPDATE jobs SET state = 'done' WHERE id = $1 AND attempts = $2 AND state = 'open'`,
      [job.id, job.attempts],
    );
    return { status: done.rowCount === 1 ? 'completed' : 'lease-lost' };
  }

  async reschedule(job: TestJob, delayMs: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
        WHERE id = $1 AND attempts = $2`,
      [job.id, job.attempts, delayMs, error],
    );
  }

  async giveUp(job: TestJob, reason: string, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET state = 'gave-up', last_error = $3 WHERE id = $1 AND attempts = $2`,
      [job.id, job.attempts, `${reason}: ${error}`],
    );
  }
}

describe('JobWorker against real Postgres: claim with a lease, NOTIFY, bulkhead, retries', () => {
  let database: ScratchDatabase;
  let pool: Pool;
  const workers: JobWorker<TestJob>[] = [];

  const settings = (overrides: Partial<JobWorkerSettings> = {}): JobWorkerSettings => ({
    concurrency: 2,
    pollMs: 100,
    retry: { backoff: { baseMs: 50, maxMs: 50, jitter: 'none' }, maxAttempts: 3 },
    ...overrides,
  });
  const startWorker = (queue: TestQueue, options: Partial<JobWorkerSettings> = {}): JobWorker<TestJob> => {
    const worker = new JobWorker(queue, settings(options), logger);
    workers.push(worker);
    worker.start();
    return worker;
  };
  const enqueue = async (count: number): Promise<void> => {
    await pool.query(`INSERT INTO jobs (state) SELECT 'open' FROM generate_series(1, $1)`, [count]);
    await pool.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
  };
  const states = async (): Promise<Record<string, number>> => {
    const { rows } = await pool.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM jobs GROUP BY state',
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  };

  beforeAll(async () => {
    database = await ScratchDatabase.create({ prefix: 'jobs_test' });
    pool = new Pool({ connectionString: database.url, max: 10 });
    await pool.query(
      `CREATE TABLE jobs (
         id serial PRIMARY KEY, state text NOT NULL, attempts int NOT NULL DEFAULT 0,
         next_attempt_at timestamptz NOT NULL DEFAULT now(), last_error text)`,
    );
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await pool.query('TRUNCATE jobs');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('two replicas run every job exactly once, each at most `concurrency` at a time', async () => {
    const slow = async (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
    const a = new TestQueue(pool, 30_000, slow);
    const b = new TestQueue(pool, 30_000, slow);
    startWorker(a, { concurrency: 3 });
    startWorker(b, { concurrency: 3 });
    await enqueue(60);
    await waitUntil(async () => (await states())['done'] === 60, { description: 'all jobs done' });
    const runs = [...a.runs, ...b.runs];
    expect(runs).toHaveLength(60);
    expect(new Set(runs).size).toBe(60);
    expect(a.mostRunning).toBeLessThanOrEqual(3);
    expect(b.mostRunning).toBeLessThanOrEqual(3);
  });

  it('NOTIFY wakes the worker at once; the poll is only the safety net', async () => {
    const queue = new TestQueue(pool, 30_000);
    const { url } = database;
    startWorker(queue, {
      pollMs: 60_000,
      listen: { channel: CHANNEL, connection: { connectionString: url } },
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // listening, first look done
    const started = Date.now();
    await enqueue(1);
    await waitUntil(async () => (await states())['done'] === 1, { timeoutMs: 5_000, description: 'woken' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("runs a job again when its worker's lease ran out (a crash), and refuses the late outcome", async () => {
    let release: () => void = () => undefined;
    const stuck = new TestQueue(pool, 300, () => new Promise<void>((resolve) => (release = resolve)));
    startWorker(stuck, { concurrency: 1, shutdownWaitMs: 0 });
    await enqueue(1);
    await waitUntil(() => stuck.runs.length === 1, { description: 'the first worker to claim' });
    const rescuer = new TestQueue(pool, 30_000);
    startWorker(rescuer);
    await waitUntil(async () => (await states())['done'] === 1, { description: 'the job run again' });
    expect(rescuer.runs).toEqual(stuck.runs);
    release();
    await waitUntil(() => stuck.running === 0);
    const { rows } = await pool.query<{ attempts: number }>('SELECT attempts FROM jobs');
    expect(rows[0]?.attempts).toBe(2);
  });

  it('reschedules a failed job after the backoff and gives it up after maxAttempts', async () => {
    const failing = new TestQueue(pool, 30_000, async () => ({ status: 'failed', error: 'boom' }));
    startWorker(failing);
    await enqueue(1);
    await waitUntil(async () => (await states())['gave-up'] === 1, { description: 'given up' });
    expect(failing.runs).toHaveLength(3);
    const { rows } = await pool.query<{ last_error: string }>('SELECT last_error FROM jobs');
    expect(rows[0]?.last_error).toBe('max-attempts: boom');
  });

  it('gives up at once on a permanent failure', async () => {
    const rejected = new TestQueue(pool, 30_000, async () => ({
      status: 'failed',
      error: 'no',
      permanent: true,
    }));
    startWorker(rejected);
    await enqueue(1);
    await waitUntil(async () => (await states())['gave-up'] === 1, { description: 'given up' });
    expect(rejected.runs).toHaveLength(1);
  });

  it('stop() stops claiming and waits for the running jobs', async () => {
    const slow = new TestQueue(pool, 30_000, () => new Promise((resolve) => setTimeout(resolve, 500)));
    const worker = startWorker(slow);
    await enqueue(5);
    await waitUntil(() => slow.running === 2, { description: 'two jobs running' });
    await worker.stop();
    expect(slow.running).toBe(0);
    expect(await states()).toEqual({ done: 2, open: 3 });
  });
});
