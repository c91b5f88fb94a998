import { Doorbell } from './doorbell';

describe('Doorbell', () => {
  it('a ring while nobody waits makes the next wait return at once (no lost NOTIFY)', async () => {
    const bell = new Doorbell();
    bell.ring();
    const started = Date.now();
    await bell.wait(5_000, new AbortController().signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reset() forgets earlier rings; a later ring wakes a waiter', async () => {
    const bell = new Doorbell();
    bell.ring();
    bell.reset();
    const waiting = bell.wait(5_000, new AbortController().signal);
    setTimeout(() => bell.ring(), 10);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('returns after the timeout, and at once when aborted', async () => {
    const bell = new Doorbell();
    await bell.wait(10, new AbortController().signal);
    const abort = new AbortController();
    const waiting = bell.wait(5_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
