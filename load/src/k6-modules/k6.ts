import { setTimeout as delay } from 'node:timers/promises';
import { currentIteration, never, sampleTags } from './iteration.ts';

// The runner's `k6` module: check, group, sleep and fail, after k6's "k6" API pages.

/**
 * Each named predicate is one sample of the `checks` Rate, tagged `check: <name>`. A predicate
 * that throws fails. A failed check does not stop the iteration: a `checks` threshold decides.
 */
export function check<T>(
  value: T,
  sets: Record<string, (value: T) => boolean>,
  tags: Record<string, string> = {},
): boolean {
  const context = currentIteration('check()');
  if (context.signal.aborted) return false; // an interrupted iteration records nothing more
  let all = true;
  for (const [name, predicate] of Object.entries(sets)) {
    let passed: boolean;
    try {
      passed = predicate(value) === true;
    } catch {
      passed = false;
    }
    context.registry.addRate('checks', passed, sampleTags(context, { ...tags, check: name }));
    all &&= passed;
  }
  return all;
}

/**
 * Runs `fn` with the `group` tag set to `::name` (nested: `::outer::inner`). k6 documents that a
 * group around asynchronous code does not keep its tag across `await`; here it is refused.
 */
export function group<T>(name: string, fn: () => T): T {
  const context = currentIteration('group()');
  const outer = context.group;
  context.group = `${outer}::${name}`;
  try {
    const result = fn();
    if (result instanceof Promise)
      throw new Error(`group("${name}") got an async function; k6 groups are synchronous`);
    return result;
  } finally {
    context.group = outer;
  }
}

/**
 * k6's sleep blocks the VU's own runtime. The runner's VUs share one event loop, so its sleep
 * returns a promise: the subset calls it as `await sleep(s)`, which k6 runs the same way.
 */
export async function sleep(seconds: number): Promise<void> {
  const context = currentIteration('sleep()');
  await delay(seconds * 1000, undefined, { signal: context.signal }).catch(() => never());
}

/** Ends the iteration with an error, as k6's fail() does (not the test). */
export function fail(message = ''): never {
  throw new Error(message);
}

export default { check, group, sleep, fail };
