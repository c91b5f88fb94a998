import { Doorbell } from './doorbell';

describe('Doorbell', () => {
  it('a ring wakes a waiter at once', async () => {
    const bell = new Doorbell();
    const waiting = bell.wait(10_000);
    bell.ring();
    await expect(waiting).resolves.toBe(true);
  });

  it('a ring while nobody waits is kept for the next wait', async () => {
    const bell = new Doorbell();
    bell.ring();
    await expect(bell.wait(10_000)).resolves.toBe(true);
  });

  it('reset forgets an earlier ring; an unrung wait times out', async () => {
    const bell = new Doorbell();
    bell.ring();
    bell.reset();
    await expect(bell.wait(5)).resolves.toBe(false);
  });
});
