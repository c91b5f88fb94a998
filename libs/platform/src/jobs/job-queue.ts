/**
 * Postgres job queues, one mechanism (this folder):
 * - job-queue.ts: what a queue supplies - its table's claim/complete/reschedule
 *   SQL and the handler; its table stays its own.
 * - job-worker.ts: the rest - NOTIFY wake-up (notify-listener.ts, wake-signal.ts)
 *   with a poll as safety net, the leased claim loop, the bulkhead, the trace,
 *   retries and giving up (retry-policy.ts), graceful stop.
 * - due-batch-worker.ts: the transaction-scoped variant for due-time rows
 *   handled within the claiming transaction, in bounded batches on a timer;
 *   due-batch-job.ts runs one for the life of a Nest application.
 * Users: payment actions, notification delivery (JobWorker); saga timeouts,
 * reservation expiry and the retention chores of idempotency keys and refresh
 * tokens (DueBatchJob): nothing to lease, retry or trace per row there.
 */
import type { Attributes, SpanKind } from '@opentelemetry/api';
import type { JobFailure } from './retry-policy';

/** A claimed job: whatever row a queue leased, plus what the worker needs to know. */
export interface Job {
  /** Executions started so far, this one included (counted when the job was claimed). */
  readonly attempts: number;
  /** W3C trace context of whoever scheduled the job; the job runs in that trace. */
  readonly trace?: { readonly traceparent?: string; readonly tracestate?: string };
}

/**
 * How one run ended. `lease-lost`: the job was done, but recording it found the
 * lease gone (it ran too long, another worker took it over): that worker's
 * outcome counts, this one is dropped.
 */
export type JobOutcome =
  | { readonly status: 'completed' }
  | { readonly status: 'lease-lost' }
  | ({ readonly status: 'failed' } & JobFailure);

/**
 * The part of a queue that is its own: its table's SQL and its handler. The
 * worker (job-worker.ts) does everything else.
 */
export interface JobQueue<J extends Job> {
  /** For logs. */
  readonly name: string;
  /**
   * Leases up to `limit` due jobs in one statement: `FOR UPDATE SKIP LOCKED`
   * so replicas claim disjoint rows, a lease deadline so a crashed worker's job
   * comes due again, and `attempts + 1`, so even a job that crashes the process
   * every time is bounded.
   */
  claim(limit: number): Promise<readonly J[]>;
  /** Name and attributes of the span the job runs in (ids of jobs are attributes, never metric labels). */
  span(job: J): { readonly name: string; readonly kind?: SpanKind; readonly attributes: Attributes };
  /**
   * Runs the job and records success (fenced by the lease). Throwing means
   * "unexpected" (a bug, the database down): the job is left alone and runs
   * again when its lease ends.
   */
  handle(job: J): Promise<JobOutcome>;
  /** Gives the lease back and makes the job due again in `delayMs` (only if the lease is still ours). */
  reschedule(job: J, delayMs: number, error: string): Promise<void>;
  /** Stops retrying (after max attempts or a permanent failure). Only queues with `maxAttempts`. */
  giveUp?(job: J, reason: 'max-attempts' | 'rejected', error: string): Promise<void>;
}
