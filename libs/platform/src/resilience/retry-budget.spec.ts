import { RetryBudget } from './retry-budget';

describe('RetryBudget (P05)', () => {
  const make = () => {
    const clock = { now: 0 };
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 1, maxTokens: 3, now: () => clock.now });
    return { budget, clock };
  };

  it('allows a burst up to the bucket size, then refuses', () => {
    const { budget } = make();
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('first attempts earn retries at the configured ratio (5 requests -> 1 retry)', () => {
    const { budget } = make();
    while (budget.tryRetry());
    for (let i = 0; i < 4; i += 1) budget.recordRequest();
    expect(budget.tryRetry()).toBe(false);
    budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });

  it('time refills at minPerSecond, never above the bucket size', () => {
    const { budget, clock } = make();
    while (budget.tryRetry());
    clock.now = 1_000;
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    clock.now = 60_000;
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
