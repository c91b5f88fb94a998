import { AppError } from '@shop/platform';
import { StreamSlots } from './stream-slots';

const rejectionOf = (work: () => unknown): AppError => {
  try {
    work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

describe('StreamSlots', () => {
  it('refuses past the instance bound with 503 and Retry-After, and frees a slot on release', () => {
    const slots = new StreamSlots({ total: 2, perUser: 5 });
    const releaseA = slots.acquire('a');
    slots.acquire('b');
    expect(rejectionOf(() => slots.acquire('c'))).toMatchObject({
      code: 'ORDER.TIMELINE_CAPACITY_REACHED',
      httpStatus: 503,
      retryAfterMs: 5_000,
    });
    releaseA();
    expect(() => slots.acquire('c')).not.toThrow();
    expect(slots.size).toBe(2);
  });

  it("refuses a user's streams past the per-user bound with 429, leaving other users their slots", () => {
    const slots = new StreamSlots({ total: 10, perUser: 2 });
    slots.acquire('a');
    const release = slots.acquire('a');
    expect(rejectionOf(() => slots.acquire('a'))).toMatchObject({
      code: 'ORDER.TIMELINE_LIMIT_REACHED',
      httpStatus: 429,
    });
    expect(() => slots.acquire('b')).not.toThrow();
    release();
    expect(() => slots.acquire('a')).not.toThrow();
  });

  it('gives a slot back once, however often release is called', () => {
    const slots = new StreamSlots({ total: 2, perUser: 2 });
    const release = slots.acquire('a');
    slots.acquire('a');
    release();
    release();
    expect(slots.size).toBe(1);
    slots.acquire('a');
    expect(() => slots.acquire('a')).toThrow(AppError);
  });
});
