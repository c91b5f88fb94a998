import { retryWithBackoff } from './retry-with-backoff';

describe('retryWithBackoff (P19: bounded start-up retries)', () => {
  it('returns once the operation succeeds', async () => {
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'connected';
      },
      { attempts: 5, baseMs: 1, maxMs: 5, jitter: 'equal' },
    );
    expect(result).toBe('connected');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the last error, reporting each retry', async () => {
    const onRetry = jest.fn();
    const failing = retryWithBackoff(() => Promise.reject(new Error('ECONNREFUSED')), {
      attempts: 3,
      baseMs: 1,
      maxMs: 2,
      jitter: 'equal',
      onRetry,
    });
    await expect(failing).rejects.toThrow('ECONNREFUSED');
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect(onRetry.mock.calls.every(([, , delay]) => delay >= 0 && delay <= 2)).toBe(true);
  });
});
