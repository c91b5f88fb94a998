import { httpAnswers, jsonOf } from './support/http-output';
import { useLab } from './support/lab';
import { metricSum } from './support/metrics-output';

// docs/labs/idempotent-retry.md: the same order sent twice with one Idempotency-Key is one
// order; the retry gets the original answer, marked replayed; another body under the key, 422.
describe('lab: idempotent retry', () => {
  const lab = useLab('idempotent-retry.md');
  const requests = (stdout: string, outcome: string) =>
    metricSum(stdout, 'order_place_requests_total', { outcome });

  it('the retry replays the original 202, a changed body is refused, one order is made', async () => {
    const before = await lab.step('observe');

    const [placed] = httpAnswers(await lab.step('place'));
    expect(placed?.status).toBe(202);
    const orderId = jsonOf(placed)['orderId'];
    expect(orderId).toBe(await lab.variable('ORDER'));

    const [retried] = httpAnswers(await lab.step('retry'));
    expect(retried).toMatchObject({ status: 202, headers: { 'idempotent-replayed': 'true' } });
    expect(jsonOf(retried)).toEqual(jsonOf(placed));

    const [reused] = httpAnswers(await lab.step('reuse'));
    expect(reused?.status).toBe(422);
    expect(reused?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(jsonOf(reused)).toMatchObject({ code: 'ORDER.IDEMPOTENCY_KEY_REUSED' });

    const after = await lab.until('observe', (stdout) =>
      stdout.includes(`{"orderId":"${orderId}","status":"CONFIRMED"}`) ? stdout : undefined,
    );
    expect(after.split('\n')[0]).toBe(`[{"orderId":"${orderId}","status":"CONFIRMED"}]`);
    for (const outcome of ['created', 'replayed', 'key_reused']) {
      expect(requests(after, outcome) - requests(before, outcome)).toBe(1);
    }
  });
});
