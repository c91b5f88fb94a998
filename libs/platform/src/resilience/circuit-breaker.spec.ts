import { CircuitBreaker, type CircuitState } from './circuit-breaker';

function breaker(threshold = 3, openMs = 1_000) {
  const clock = { now: 0 };
  const transitions: CircuitState[] = [];
  const cb = new CircuitBreaker({
    failureThreshold: threshold,
    openMs,
    now: () => clock.now,
    onStateChange: (to) => transitions.push(to),
  });
  return { cb, clock, transitions };
}

const fail = (cb: CircuitBreaker, times: number) => {
  for (let i = 0; i < times; i += 1) {
    expect(cb.tryAcquire()).toBe(true);
    cb.record('failure');
  }
};

describe('CircuitBreaker (P06)', () => {
  it('opens after N consecutive failures and then refuses calls without trying', () => {
    const { cb } = breaker(3);
    fail(cb, 2);
    expect(cb.state).toBe('closed');
    fail(cb, 1);
    expect(cb.state).toBe('open');
    expect(cb.tryAcquire()).toBe(false);
    expect(cb.remainingOpenMs).toBe(1_000);
  });

  it('a success in between resets the count: only consecutive failures open it', () => {
    const { cb } = breaker(3);
    fail(cb, 2);
    cb.tryAcquire();
    cb.record('success');
    fail(cb, 2);
    expect(cb.state).toBe('closed');
  });

  it('ignored results (declines are business answers, 409 in-flight) neither open nor reset it', () => {
    const { cb } = breaker(2);
    fail(cb, 1);
    cb.tryAcquire();
    cb.record('ignore');
    fail(cb, 1);
    expect(cb.state).toBe('open');
  });

  it('after openMs one probe goes out; its success closes the circuit', () => {
    const { cb, clock, transitions } = breaker(1, 1_000);
    fail(cb, 1);
    clock.now = 999;
    expect(cb.tryAcquire()).toBe(false);
    clock.now = 1_000;
    expect(cb.tryAcquire()).toBe(true);
    expect(cb.state).toBe('half_open');
    expect(cb.tryAcquire()).toBe(false); // a single probe at a time
    cb.record('success');
    expect(cb.state).toBe('closed');
    expect(cb.tryAcquire()).toBe(true);
    expect(transitions).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed probe opens it again for another openMs', () => {
    const { cb, clock } = breaker(1, 1_000);
    fail(cb, 1);
    clock.now = 1_000;
    cb.tryAcquire();
    cb.record('failure');
    expect(cb.state).toBe('open');
    expect(cb.remainingOpenMs).toBe(1_000);
  });

  it('an ignored probe frees the probe slot without deciding', () => {
    const { cb, clock } = breaker(1, 1_000);
    fail(cb, 1);
    clock.now = 1_000;
    cb.tryAcquire();
    cb.record('ignore');
    expect(cb.state).toBe('half_open');
    expect(cb.tryAcquire()).toBe(true);
  });

  it('late results of calls started before it opened change nothing', () => {
    const { cb } = breaker(1);
    cb.tryAcquire(); // a slow call in flight
    fail(cb, 1);
    cb.record('success');
    expect(cb.state).toBe('open');
  });
});
