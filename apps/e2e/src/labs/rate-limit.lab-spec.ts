import { httpAnswers, jsonOf } from './support/http-output';
import { useLab } from './support/lab';
import { metricSum } from './support/metrics-output';

// docs/labs/rate-limit.md: five failed logins empty the account's bucket; the right password
// is then refused with 429, problem+json and Retry-After; after Retry-After it gets in.
describe('lab: rate limit', () => {
  const lab = useLab('rate-limit.md');

  it('401 x5 with the tokens counting down, then 429 with Retry-After, then 200 after it', async () => {
    const failed = httpAnswers(await lab.step('wrong-passwords'));
    expect(failed.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(failed[0]?.headers['ratelimit-policy']).toMatch(/"login-account";q=5;w=\d+/);
    expect(
      failed.map((answer) => /"login-account";r=(\d+)/.exec(answer.headers['ratelimit'] ?? '')?.[1]),
    ).toEqual(['4', '3', '2', '1', '0']);

    const output = await lab.step('limited');
    const [limited] = httpAnswers(output);
    expect(limited?.status).toBe(429);
    expect(limited?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(jsonOf(limited)).toMatchObject({
      code: 'REQUEST.RATE_LIMITED',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const retryAfter = Number(await lab.variable('RETRY_AFTER'));
    expect(retryAfter).toBe(Number(limited?.headers['retry-after']));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(
      metricSum(output, 'gateway_rate_limit_decisions_total', {
        policy: 'login-account',
        outcome: 'limited',
      }),
    ).toBeGreaterThanOrEqual(1);

    expect((await lab.step('after-retry-after')).trim()).toBe('200');
  });
});
