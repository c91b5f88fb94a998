import { spawned, type SpawnedService } from '@shop/platform/testing';

// The simulator as a real process (node dist/...), on this slice's test ports.
const HTTP_PORT = 22220;
const ADMIN_PORT = 22221;
const base = `http://127.0.0.1:${HTTP_PORT}`;

const post = (path: string, body: unknown, key?: string, timeoutMs = 5_000) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
const knobs = (values: Record<string, unknown>) =>
  fetch(`${base}/v1/_simulator/knobs`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });
const chargesFor = async (reference: string) =>
  (
    (await (await fetch(`${base}/v1/charges?reference=${reference}`)).json()) as {
      data: { status: string }[];
    }
  ).data;

let simulator: SpawnedService;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${(seq += 1)}`;
const charge = (reference: string, paymentMethod = 'pm_card_visa') => ({
  amount: 1000,
  currency: 'eur',
  payment_method: paymentMethod,
  capture: false,
  reference,
});

beforeAll(async () => {
  simulator = spawned({
    app: 'payment-provider',
    env: {
      HTTP_PORT: String(HTTP_PORT),
      ADMIN_PORT: String(ADMIN_PORT),
      LOG_LEVEL: 'warn',
      PROVIDER_HANG_MS: '60000',
    },
  });
  await simulator.waitForReady();
});

afterAll(async () => {
  await simulator.stop('SIGKILL');
});

afterEach(async () => {
  // After the last test the process is gone on purpose.
  await fetch(`${base}/v1/_simulator/knobs`, { method: 'DELETE' }).catch(() => undefined);
});

describe('payment-provider simulator over HTTP', () => {
  it('tokenises Luhn-valid cards only; the token works for a charge', async () => {
    const bad = await post('/v1/payment-methods', {
      number: '4242424242424241',
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      cvc: '123',
    });
    expect(bad.status).toBe(402);
    expect(await bad.json()).toMatchObject({
      error: { type: 'card_error', code: 'invalid_number', param: 'number' },
    });

    const good = await post('/v1/payment-methods', {
      number: '4242 4242 4242 4242',
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      cvc: '123',
    });
    const method = (await good.json()) as { id: string; card: { last4: string } };
    expect(method).toMatchObject({
      id: expect.stringMatching(/^pm_/),
      card: { brand: 'visa', last4: '4242' },
    });
    expect(JSON.stringify(method)).not.toContain('4242424242424242');
    const reference = unique('tok');
    expect((await post('/v1/charges', charge(reference, method.id), unique('k'))).status).toBe(200);
  });

  it('Idempotency-Key: required, replayed for the same request, 422 for a different one', async () => {
    const reference = unique('idem');
    expect((await post('/v1/charges', charge(reference))).status).toBe(400);
    const key = unique('key');
    const first = await post('/v1/charges', charge(reference), key);
    const again = await post('/v1/charges', charge(reference), key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const other = await post('/v1/charges', { ...charge(reference), amount: 1001 }, key);
    expect(other.status).toBe(422);
    expect(await chargesFor(reference)).toHaveLength(1);
  });

  it('the same key while the first request is still being processed: 409, and still one charge', async () => {
    await knobs({ latencyMs: 500 });
    const reference = unique('inflight');
    const key = unique('key');
    const first = post('/v1/charges', charge(reference), key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await post('/v1/charges', charge(reference), key);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: 'idempotency_key_in_use' } });
    expect((await first).status).toBe(200);
    expect(await chargesFor(reference)).toHaveLength(1);
  });

  it('failure knob: 500 without processing, so the retry with the same key creates the charge', async () => {
    await knobs({ failNext: 1 });
    const reference = unique('fail');
    const key = unique('key');
    expect((await post('/v1/charges', charge(reference), key)).status).toBe(500);
    expect(await chargesFor(reference)).toHaveLength(0);
    expect((await post('/v1/charges', charge(reference), key)).status).toBe(200);
    expect(await chargesFor(reference)).toHaveLength(1);
  });

  it('timeout knob: processed, then no answer until the client gives up; a retry gets the stored answer', async () => {
    await knobs({ timeoutNext: 1 });
    const reference = unique('hang');
    const key = unique('key');
    await expect(post('/v1/charges', charge(reference), key, 300)).rejects.toThrow();
    expect(await chargesFor(reference)).toMatchObject([{ status: 'requires_capture' }]);
    const retry = await post('/v1/charges', charge(reference), key);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('seeded decline rate: the same seed gives the same declines', async () => {
    const run = async () => {
      await knobs({ seed: 1234, declineRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1)
        statuses.push((await post('/v1/charges', charge(unique('seed')), unique('k'))).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(402);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('platform errors stay problem+json; knob validation uses the provider error shape', async () => {
    const unknown = await fetch(`${base}/v1/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const bad = await knobs({ failureRate: 7 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: 'failureRate' },
    });
  });

  it('SIGTERM while a request hangs: the hang is cut short and the process exits 0 promptly (P19)', async () => {
    await knobs({ timeoutNext: 1 });
    const hanging = post('/v1/charges', charge(unique('term')), unique('k'), 30_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    simulator.child.kill('SIGTERM');
    expect(await simulator.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await hanging;
  });
});
