// Statistics the bench computes from database timestamps rather than from the load driver's
// histograms: saga completion and its per-step breakdown (saga_step_history), and the outbox
// relay's lag (outbox.created_at -> inbox.received_at of the consumer). Pure functions.

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentile of ascending `sorted` values (p in 0-100); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** count, p50, p95, p99, max and mean (ms, one decimal) of `values`. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    count: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p95: round1(percentile(sorted, 95)),
    p99: round1(percentile(sorted, 99)),
    max: round1(sorted.at(-1) ?? null),
    mean: round1(mean),
  };
}

/** One line of saga_step_history (apps/order), `at` in epoch ms; `id` orders lines of equal time. */
export interface HistoryLine {
  orderId: string;
  id: number;
  step: string;
  event: string;
  at: number;
}

const ENDS_A_STEP = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT']);
const ENDS_THE_SAGA = new Set(['CONFIRMED', 'CANCELLED']);

/**
 * Per saga step, how long it took in each order: from its STARTED line to the line that ended it
 * (SUCCEEDED, FAILED or TIMED_OUT; a retried step counts from its first start). Each forward
 * step is a round trip command -> participant -> reply: two outbox relays, two Kafka hops, the
 * participant's transaction (and for payment steps, the provider call). `saga` is the whole:
 * the first line to the line that confirmed or cancelled the order.
 */
export function sagaStepDurations(lines: readonly HistoryLine[]): Map<string, number[]> {
  const byOrder = new Map<string, HistoryLine[]>();
  for (const line of lines) {
    const list = byOrder.get(line.orderId) ?? [];
    list.push(line);
    byOrder.set(line.orderId, list);
  }
  const durations = new Map<string, number[]>();
  const add = (name: string, ms: number) => {
    const list = durations.get(name) ?? [];
    list.push(ms);
    durations.set(name, list);
  };
  for (const history of byOrder.values()) {
    history.sort((a, b) => a.at - b.at || a.id - b.id);
    const started = new Map<string, number>();
    for (const line of history) {
      if (line.event === 'STARTED' && !started.has(line.step)) started.set(line.step, line.at);
      else if (ENDS_A_STEP.has(line.event) && started.has(line.step)) {
        add(line.step, line.at - (started.get(line.step) as number));
        started.delete(line.step);
      }
    }
    const first = history[0];
    const end = history.find((line) => ENDS_THE_SAGA.has(line.event));
    if (first && end) add('saga', end.at - first.at);
  }
  return durations;
}

export interface OutboxEvent {
  eventId: string;
  /** Where it was recorded (the producing service). */
  source: string;
  type: string;
  /** outbox.created_at: clock_timestamp() of the INSERT, inside the recording transaction. */
  createdAt: number;
}

export interface InboxEntry {
  eventId: string;
  /** The consumer group. */
  consumer: string;
  /** inbox.received_at: now() of the consumer's transaction, i.e. when its handler started. */
  receivedAt: number;
}

export interface RelayLag {
  source: string;
  consumer: string;
  type: string;
  lagMs: number;
}

/** Joins each consumed event with its outbox row: recorded -> consumer handler started. */
export function relayLags(outbox: readonly OutboxEvent[], inbox: readonly InboxEntry[]): RelayLag[] {
  const recorded = new Map(outbox.map((event) => [event.eventId, event]));
  const lags: RelayLag[] = [];
  for (const entry of inbox) {
    const event = recorded.get(entry.eventId);
    if (event)
      lags.push({
        source: event.source,
        consumer: entry.consumer,
        type: event.type,
        lagMs: Math.max(0, entry.receivedAt - event.createdAt),
      });
  }
  return lags;
}

/** Groups values by a key, keeping insertion order: `{ key: values[] }`. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number) {
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(value(item));
    groups.set(key(item), list);
  }
  return groups;
}
