import pino from 'pino';
import { PeriodicJob } from './periodic-job';

const logger = pino({ level: 'silent' });

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every interval, one run at a time, scheduling the next when a run ends', async () => {
    let runs = 0;
    let finish: (() => void) | undefined;
    const job = new PeriodicJob(
      'test',
      1_000,
      () =>
        new Promise<void>((resolve) => {
          runs += 1;
          finish = resolve;
        }),
      logger,
    );
    job.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    // A slow run never overlaps itself: no new run while this one is in progress.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
    finish?.();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    finish?.();
    await job.stop();
  });

  it('logs a failing run and keeps the schedule', async () => {
    const error = jest.spyOn(logger, 'error');
    const task = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined);
    const job = new PeriodicJob('flaky', 100, task, logger);
    job.start();
    await jest.advanceTimersByTimeAsync(200);
    expect(task).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ job: 'flaky' }), expect.any(String));
    await job.stop();
  });

  it('stop() cancels the next run and waits for the current one (P07)', async () => {
    let finish: (() => void) | undefined;
    const task = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const job = new PeriodicJob('slow', 100, task, logger);
    job.start();
    await jest.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('spreads the interval by the jitter', async () => {
    const random = jest.spyOn(Math, 'random');
    const task = jest.fn().mockResolvedValue(undefined);
    random.mockReturnValue(0); // the shortest wait: 80 % of the interval
    const early = new PeriodicJob('jittered', 1_000, task, logger, { jitter: 0.2 });
    early.start();
    await jest.advanceTimersByTimeAsync(799);
    expect(task).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
    await early.stop();
    random.mockRestore();
  });
});
