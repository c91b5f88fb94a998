import { abortableSleep } from './abortable-sleep';

describe('abortableSleep (P07: shutdown never waits out a backoff)', () => {
  it('resolves early when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('resolves at once with an already aborted signal', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).resolves.toBeUndefined();
  });
});
