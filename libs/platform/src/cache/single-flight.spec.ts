import { SingleFlight } from './single-flight';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('SingleFlight (P13: request coalescing)', () => {
  it('runs the work once for concurrent callers of one key and shares the result', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    let calls = 0;
    const work = () => {
      calls += 1;
      return gate.promise;
    };
    const results = Promise.all(Array.from({ length: 50 }, () => flights.run('p-1', work)));
    gate.resolve('value');
    expect(await results).toEqual(Array(50).fill('value'));
    expect(calls).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('keeps keys apart and starts a new flight once the previous one settled', async () => {
    const flights = new SingleFlight<string>();
    let calls = 0;
    const work = async () => `v${++calls}`;
    expect(await Promise.all([flights.run('a', work), flights.run('b', work)])).toEqual(['v1', 'v2']);
    expect(await flights.run('a', work)).toBe('v3');
  });

  it('shares a failure with every waiter, then forgets it (errors are never cached)', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    const first = flights.run('k', () => gate.promise);
    const second = flights.run('k', () => Promise.resolve('never'));
    gate.reject(new Error('db down'));
    await expect(first).rejects.toThrow('db down');
    await expect(second).rejects.toThrow('db down');
    expect(await flights.run('k', async () => 'recovered')).toBe('recovered');
  });

  it('forget(): later callers do not join a flight that started before an update', async () => {
    const flights = new SingleFlight<string>();
    const old = deferred<string>();
    const before = flights.run('k', () => old.promise);
    flights.forget('k');
    const after = flights.run('k', async () => 'new');
    old.resolve('old');
    expect(await before).toBe('old');
    expect(await after).toBe('new');
    // The old flight settling must not evict the newer one.
    expect(flights.size).toBe(0);
  });
});
