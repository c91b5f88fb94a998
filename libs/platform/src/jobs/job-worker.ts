import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import type { ClientConfig } from 'pg';
import type { Logger } from '../logging/logger';
import { backoffDelayMs, type BackoffOptions } from '../resilience/backoff';
import { withTracingSuppressed } from '../telemetry/suppress-tracing';
import type { Job, JobOutcome, JobQueue } from './job-queue';
import { NotifyListener } from './notify-listener';
import { nextStepAfterFailure, type RetryPolicy } from './retry-policy';
import { WakeSignal } from './wake-signal';

/** Claiming itself failed (the database is down): look again after this backoff. */
const CLAIM_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000, jitter: 'equal' };

export interface JobWorkerSettings {
  /** Jobs running at once in this process: the bulkhead. */
  readonly concurrency: number;
  /** The safety net: look for due jobs at least this often, NOTIFY or not (retries coming due). */
  readonly pollMs: number;
  readonly retry: RetryPolicy;
  /** The channel the enqueuing transaction NOTIFYs, and a connection of its own to LISTEN on. */
  readonly listen?: { readonly channel: string; readonly connection: ClientConfig };
  /** How long `stop()` waits for running jobs; their leases recover anything cut off. Default: no limit. */
  readonly shutdownWaitMs?: number;
}

/**
 * Runs the jobs of one queue (job-queue.ts): woken by NOTIFY, or by its poll,
 * it claims due jobs up to its free slots, runs each in the trace that
 * scheduled it, and reschedules a failed one after the backoff, or gives it up.
 * Replicas never run the same job (the claim's SKIP LOCKED and lease), and a
 * job cut off by a crash runs again when its lease ends: at-least-once, so a
 * handler must be safe to run twice (idempotency keys, a fenced completion).
 * `stop()` stops claiming and waits for the running jobs.
 */
export class JobWorker<J extends Job> {
  private readonly doorbell = new WakeSignal();
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly listener: NotifyListener | undefined;
  private readonly tracer;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly queue: JobQueue<J>,
    private readonly settings: JobWorkerSettings,
    private readonly logger: Logger,
  ) {
    // Named after the queue, as the spans' instrumentation scope: 'payment-actions', 'notification-sender'.
    this.tracer = trace.getTracer(queue.name);
    const { listen } = settings;
    this.listener =
      listen && new NotifyListener(listen.connection, listen.channel, () => this.doorbell.notify(), logger);
  }

  start(): void {
    this.listener?.start();
    // The loop's own queries are infrastructure: no root span per claim (noise).
    this.loop = withTracingSuppressed(() => this.claimWhileRunning());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.doorbell.notify();
    await this.loop;
    const drained = await Promise.race([
      Promise.all(this.running).then(() => true),
      new Promise<false>((resolve) => {
        if (this.settings.shutdownWaitMs !== undefined)
          setTimeout(resolve, this.settings.shutdownWaitMs, false).unref();
      }),
    ]);
    if (!drained) {
      this.logger.warn(
        { queue: this.queue.name, running: this.running.size },
        'jobs still running at shutdown; their leases expire and another worker runs them',
      );
    }
    await this.listener?.stop();
  }

  private async claimWhileRunning(): Promise<void> {
    const { signal } = this.abort;
    for (let failures = 0; !signal.aborted;) {
      try {
        const free = this.settings.concurrency - this.running.size;
        if (free > 0) {
          // Before the read: whatever commits from here on rings again.
          this.doorbell.reset();
          for (const job of await this.queue.claim(free)) this.track(this.run(job));
        }
        failures = 0;
        await this.doorbell.wait(this.settings.pollMs, signal);
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelayMs(Math.min(failures, 10), CLAIM_BACKOFF);
        this.logger.warn({ err: error, queue: this.queue.name, delayMs }, 'claiming jobs failed; retrying');
        await this.doorbell.wait(delayMs, signal);
      }
    }
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => {
      this.running.delete(run);
      this.doorbell.notify(); // a slot is free
    });
  }

  /** One run, in the trace of whoever scheduled the job. Never rejects: the lease brings the job back. */
  private run(job: J): Promise<void> {
    const { name, kind = SpanKind.INTERNAL, attributes } = this.queue.span(job);
    const log = { queue: this.queue.name, attempts: job.attempts, ...attributes };
    const parent = propagation.extract(ROOT_CONTEXT, { ...job.trace });
    return this.tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
      try {
        await this.settle(job, await this.queue.handle(job), log);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        this.logger.error(
          { err: error, ...log },
          'job failed unexpectedly; it runs again when its lease ends',
        );
      } finally {
        span.end();
      }
    });
  }

  /** After the handler: a failed job is retried after the backoff, or given up (the lease is released either way). */
  private async settle(job: J, outcome: JobOutcome, log: Attributes): Promise<void> {
    if (outcome.status === 'lease-lost') this.logger.warn(log, 'lease lost; outcome dropped');
    if (outcome.status !== 'failed') return;
    const step = nextStepAfterFailure(job.attempts, outcome, this.settings.retry);
    if (step.action === 'retry') {
      await this.queue.reschedule(job, step.delayMs, outcome.error);
      this.logger.warn({ ...log, delayMs: step.delayMs, error: outcome.error }, 'job failed; will retry');
      return;
    }
    if (!this.queue.giveUp)
      throw new Error(`queue ${this.queue.name} cannot give up a job: set no maxAttempts`);
    await this.queue.giveUp(job, step.reason, outcome.error);
  }
}
