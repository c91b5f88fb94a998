import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, backoffDelayMs, GrpcStatus } from '@shop/platform';
import { sseComment, sseEvent } from '@shop/server-sent-events';
import type { OrderJson } from '../order.view';

/** Where a timeline reads the order from, and whether it must stop. */
export interface TimelineSource {
  /** The order now, as GET /v1/orders/{orderId} answers it (one GetOrder call, with its deadline). */
  read(): Promise<OrderJson>;
  /** True once this gateway is shutting down: the stream ends, the client reconnects to another replica. */
  isShuttingDown(): boolean;
}

export interface TimelineSettings {
  readonly pollIntervalMs: number;
  readonly heartbeatMs: number;
  readonly maxLifetimeMs: number;
}

/** Time, injectable so the loop is tested without waiting. `sleep` resolves early when `signal` aborts. */
export interface TimelineClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const systemClock: TimelineClock = {
  now: Date.now,
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
};

const FINAL_STATUSES: ReadonlySet<string> = new Set(['CONFIRMED', 'CANCELLED']);
/** Failures of a read that a later read can overcome. Anything else ends the stream at once. */
const TRANSIENT: ReadonlySet<GrpcStatus> = new Set([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);
/** Consecutive failed reads before the stream gives up (about 6 s of backoff at the default interval). */
const MAX_CONSECUTIVE_FAILURES = 5;
const FAILURE_BACKOFF_MAX_MS = 5_000;

/**
 * An order's saga as server-sent events: the order now, then the order again each
 * time it changed, until it is CONFIRMED or CANCELLED. Every event is `event: order`,
 * `data:` the body GET /v1/orders/{orderId} answers, and `id:` a digest of that data
 * (the same id is the same content: a reconnecting client can skip what it has).
 *
 * How it learns of a change: it polls the order service's GetOrder while the
 * stream is open. The gateway already calls GetOrder, so this adds no coupling;
 * a push channel (the saga's Kafka events) would make the gateway a Kafka consumer,
 * with its own offsets, and still need GetOrder for the state at connect. The cost is
 * bounded: one call per poll interval per open stream, and the streams are bounded
 * (StreamSlots) and end after `maxLifetimeMs`.
 *
 * A change is any difference in the rendered body, not just `updatedAt`: the saga's
 * history grows (a step STARTED, SUCCEEDED...) while the order row stays untouched.
 *
 * Ends: after the final event; at `maxLifetimeMs`; when the gateway shuts down; when
 * reads keep failing (retried with the platform's capped exponential backoff, transient
 * failures only); and when `signal` aborts (the client went away), at once. The last
 * three leave a comment saying why, for whoever reads the stream by hand. Pulled by
 * the response: a client that does not read stops the polling too (backpressure).
 */
export async function* orderTimeline(
  first: OrderJson,
  source: TimelineSource,
  settings: TimelineSettings,
  signal: AbortSignal,
  clock: TimelineClock = systemClock,
): AsyncGenerator<string> {
  let sent = JSON.stringify(first);
  yield orderEvent(sent);
  if (FINAL_STATUSES.has(first.status)) return;

  const endsAt = clock.now() + settings.maxLifetimeMs;
  let lastWriteAt = clock.now();
  let failures = 0;
  for (;;) {
    const pause =
      failures === 0
        ? settings.pollIntervalMs
        : backoffDelayMs(failures, {
            baseMs: settings.pollIntervalMs,
            maxMs: FAILURE_BACKOFF_MAX_MS,
            jitter: 'equal',
          });
    await clock.sleep(Math.min(pause, Math.max(0, endsAt - clock.now())), signal);
    if (signal.aborted) return; // the client is gone: nobody to tell
    const endReason = source.isShuttingDown()
      ? 'this gateway is shutting down'
      : clock.now() >= endsAt
        ? 'the stream reached its maximum lifetime'
        : undefined;
    if (endReason) {
      yield sseComment(`${endReason}: reconnect`);
      return;
    }

    let order: OrderJson | undefined;
    try {
      order = await source.read();
      failures = 0;
    } catch (error) {
      failures += 1;
      if (!isTransient(error) || failures >= MAX_CONSECUTIVE_FAILURES) {
        yield sseComment(`reading the order failed (${codeOf(error)}): reconnect`);
        return;
      }
    }
    const current = order === undefined ? sent : JSON.stringify(order);
    if (current !== sent) {
      sent = current;
      yield orderEvent(current);
      lastWriteAt = clock.now();
      if (order && FINAL_STATUSES.has(order.status)) return;
    } else if (clock.now() - lastWriteAt >= settings.heartbeatMs) {
      yield sseComment('keep-alive');
      lastWriteAt = clock.now();
    }
  }
}

function orderEvent(data: string): string {
  const id = createHash('sha256').update(data).digest('base64url').slice(0, 16);
  return sseEvent('order', id, data);
}

const isTransient = (error: unknown) => error instanceof AppError && TRANSIENT.has(error.grpcStatus);
const codeOf = (error: unknown) => (error instanceof AppError ? error.code : 'INTERNAL');
