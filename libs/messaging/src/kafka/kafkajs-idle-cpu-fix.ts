import RequestQueue from 'kafkajs/src/network/requestQueue/index.js';

/** kafkajs' own re-check interval while requests wait in its queue. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * PERFORMANCE WORKAROUND for a library bug, not a pattern to learn: measured in
 * docs/performance.md ("Tuning round", change 2); delete it when kafkajs is fixed
 * (its spec says so).
 *
 * kafkajs 2.2.4 spins on an idle connection: with nothing pending and no
 * throttling, `scheduleCheckPendingRequests` arms `setTimeout(check, <negative>)`
 * (run after 1 ms), whose callback arms it again, forever, on every broker
 * connection (kafkajs issues #1556 and #1704; the fix of PR #1667 is unmerged
 * and kafkajs unmaintained). Measured here: about 4 % of a core per idle
 * service. The replacement schedules a check only when there is something to
 * check: requests waiting, or a throttle to wait out. `push()` schedules the
 * check itself when it queues a request it cannot send at once, and every
 * answer to an in-flight request checks the queue, so nothing relied on the
 * removed timer. Installed once per process, only while the bug is there.
 */
export function installKafkajsIdleCpuFix(): void {
  if (!idleRequestQueueArmsTimer()) return;
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(
    this: RequestQueue,
  ) {
    if (this.throttleCheckTimeoutId) return;
    const throttledForMs = this.throttledUntil - Date.now();
    // The fix: nothing waits and nothing is throttled, so there is nothing to check later.
    if (this.pending.length === 0 && throttledForMs <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
}

/** True when kafkajs' request queue, idle and unthrottled, still arms a check timer: the spinning bug. */
export function idleRequestQueueArmsTimer(): boolean {
  const probe = new RequestQueue({ logger: undefined });
  probe.scheduleCheckPendingRequests();
  const armed = probe.throttleCheckTimeoutId !== null;
  if (probe.throttleCheckTimeoutId) clearTimeout(probe.throttleCheckTimeoutId);
  return armed;
}
