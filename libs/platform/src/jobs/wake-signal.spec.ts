import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('wakes a pending wait', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    signal.notify();
    await expect(waiting).resolves.toBe(true);
  });

  it('remembers a notification that arrived while nobody waited (no lost wake-up)', async () => {
    const signal = new WakeSignal();
    signal.notify();
    await expect(signal.wait(60_000)).resolves.toBe(true);
  });

  it('forgets notifications older than the last reset', async () => {
    const signal = new WakeSignal();
    signal.notify();
    signal.reset();
    await expect(signal.wait(5)).resolves.toBe(false);
  });

  it('consumes a notification once', async () => {
    const signal = new WakeSignal();
    signal.notify();
    await signal.wait(60_000);
    await expect(signal.wait(5)).resolves.toBe(false);
  });

  it('returns false when aborted, at once if already aborted', async () => {
    const signal = new WakeSignal();
    const abort = new AbortController();
    const waiting = signal.wait(60_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBe(false);
    await expect(signal.wait(60_000, abort.signal)).resolves.toBe(false);
  });

  it('still reports a notification that came before an abort', async () => {
    const signal = new WakeSignal();
    const abort = new AbortController();
    abort.abort();
    signal.notify();
    await expect(signal.wait(60_000, abort.signal)).resolves.toBe(true);
  });
});
