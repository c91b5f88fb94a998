import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '../logging/logger';
import { DueBatchWorker, type DueBatchQueue, type DueBatchSettings } from './due-batch-worker';

/**
 * A DueBatchQueue that runs itself for the life of the application: its worker
 * starts once the application is up and, at shutdown, stops and waits for the
 * run in progress before the database pool closes (the pool closes last, in
 * onApplicationShutdown). A job says only what is its own: its name, its
 * bounds, and how one batch is handled.
 */
export abstract class DueBatchJob
  implements DueBatchQueue, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly worker: DueBatchWorker;

  protected constructor(
    readonly name: string,
    settings: DueBatchSettings,
    logger: Logger,
  ) {
    this.worker = new DueBatchWorker(this, settings, logger);
  }

  abstract runDueBatch(limit: number, now: Date): Promise<number>;

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }

  /** Handles every row due at `now`, batch by batch, as a scheduled run would; returns how many. */
  runDue(now?: Date): Promise<number> {
    return this.worker.runDue(now);
  }
}
