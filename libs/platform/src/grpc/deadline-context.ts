import { AsyncLocalStorage } from 'node:async_hooks';

interface DeadlineStore {
  /** Epoch ms after which nobody waits for the result of this unit of work. */
  readonly deadline: number;
}

const storage = new AsyncLocalStorage<DeadlineStore>();

/**
 * Runs `work` with a deadline every outgoing gRPC call inside it respects.
 * The gRPC server sets it from the incoming call; an HTTP edge can set its own
 * request budget the same way.
 */
export function runWithDeadline<T>(deadline: number | undefined, work: () => T): T {
  if (deadline === undefined) return work();
  const outer = storage.getStore();
  // A nested budget may only shrink the outer one, never extend it.
  const effective = outer ? Math.min(outer.deadline, deadline) : deadline;
  return storage.run({ deadline: effective }, work);
}

/** The deadline of the current request, if any. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadline;
}
