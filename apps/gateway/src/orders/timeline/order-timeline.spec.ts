import { AppError } from '@shop/platform';
import type { OrderJson } from '../order.view';
import { orderTimeline, type TimelineClock, type TimelineSource } from './order-timeline';

const SETTINGS = { pollIntervalMs: 400, heartbeatMs: 15_000, maxLifetimeMs: 120_000 };

/** Time that passes only when the timeline sleeps: no test waits, none depends on a timer. */
class FakeClock implements TimelineClock {
  at = 0;
  readonly sleeps: number[] = [];
  now = () => this.at;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.at += ms;
  };
}

const order = (status: string, steps: string[] = []): OrderJson =>
  ({ orderId: 'o-1', status, steps: steps.map((event) => ({ step: 'RESERVE_STOCK', event })) }) as OrderJson;

/** A source that answers the scripted reads in turn (an Error is thrown), then repeats the last. */
function scripted(reads: Array<OrderJson | Error>, shuttingDown = () => false): TimelineSource {
  let next = 0;
  return {
    read: async () => {
      const answer = reads[Math.min(next++, reads.length - 1)] as OrderJson | Error;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    isShuttingDown: shuttingDown,
  };
}

async function drain(
  first: OrderJson,
  source: TimelineSource,
  clock = new FakeClock(),
  signal = new AbortController().signal,
) {
  const chunks: string[] = [];
  for await (const chunk of orderTimeline(first, source, SETTINGS, signal, clock)) chunks.push(chunk);
  return chunks;
}

const dataOf = (chunk: string) => JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? 'null') as OrderJson;
const unavailable = () => AppError.unavailable('UPSTREAM.UNAVAILABLE', 'down');

describe('orderTimeline', () => {
  it('sends the order at once, an event per change only, and ends after the final status', async () => {
    const pending = order('PENDING', ['STARTED']);
    const reserved = order('PENDING', ['STARTED', 'SUCCEEDED']);
    const confirmed = order('CONFIRMED', ['STARTED', 'SUCCEEDED']);
    const chunks = await drain(pending, scripted([pending, reserved, reserved, confirmed]));

    expect(chunks.map(dataOf)).toEqual([pending, reserved, confirmed]);
    expect(chunks[0]).toMatch(/^event: order\nid: [\w-]{16}\ndata: \{.*\}\n\n$/);
  });

  it('names each event by its content: the same data, the same id', async () => {
    const idOf = (chunk: string | undefined) => /^id: (.*)$/m.exec(chunk ?? '')?.[1];
    const [once] = await drain(order('CANCELLED'), scripted([]));
    const [again] = await drain(order('CANCELLED'), scripted([]));
    const [other] = await drain(order('CONFIRMED'), scripted([]));
    expect(idOf(once)).toBe(idOf(again));
    expect(idOf(other)).not.toBe(idOf(once));
  });

  it('ends at once for an order that is already final: no read at all', async () => {
    const source = scripted([]);
    const read = jest.spyOn(source, 'read');
    expect(await drain(order('CANCELLED'), source)).toHaveLength(1);
    expect(read).not.toHaveBeenCalled();
  });

  it('polls every interval, and sends a keep-alive comment after the heartbeat interval of silence', async () => {
    const clock = new FakeClock();
    const pending = order('PENDING');
    let reads = 0;
    const source: TimelineSource = {
      read: async () => (++reads > 40 ? order('CONFIRMED') : pending),
      isShuttingDown: () => false,
    };
    const chunks = await drain(pending, source, clock);

    expect(new Set(clock.sleeps)).toEqual(new Set([400]));
    // 16 s of polling: one keep-alive at 15 s, then the final event.
    expect(chunks.filter((chunk) => chunk === ': keep-alive\n\n')).toHaveLength(1);
    expect(dataOf(chunks.at(-1) as string).status).toBe('CONFIRMED');
  });

  it('ends with a comment at its maximum lifetime, however far the saga is', async () => {
    const clock = new FakeClock();
    const chunks = await drain(order('PENDING'), scripted([order('PENDING')]), clock);
    expect(chunks.at(-1)).toBe(': the stream reached its maximum lifetime: reconnect\n\n');
    expect(clock.at).toBe(SETTINGS.maxLifetimeMs);
  });

  it('ends with a comment when the gateway shuts down', async () => {
    let shuttingDown = false;
    const source = scripted([order('PENDING', ['STARTED', 'SUCCEEDED'])], () => shuttingDown);
    const chunks: string[] = [];
    for await (const chunk of orderTimeline(
      order('PENDING'),
      source,
      SETTINGS,
      new AbortController().signal,
      new FakeClock(),
    )) {
      chunks.push(chunk);
      if (chunks.length === 2) shuttingDown = true;
    }
    expect(chunks).toHaveLength(3);
    expect(chunks[2]).toBe(': this gateway is shutting down: reconnect\n\n');
  });

  it('stops reading as soon as the client is gone, without a goodbye', async () => {
    const clientGone = new AbortController();
    const source = scripted([order('PENDING')]);
    const read = jest.spyOn(source, 'read');
    const clock = new FakeClock();
    clock.sleep = async () => clientGone.abort();
    const chunks = await drain(order('PENDING'), source, clock, clientGone.signal);
    expect(chunks).toHaveLength(1);
    expect(read).not.toHaveBeenCalled();
  });

  it('retries transient read failures with growing backoff, and goes on when a read succeeds', async () => {
    const clock = new FakeClock();
    const confirmed = order('CONFIRMED');
    const chunks = await drain(
      order('PENDING'),
      scripted([unavailable(), unavailable(), unavailable(), confirmed]),
      clock,
    );
    expect(chunks.map(dataOf)).toEqual([order('PENDING'), confirmed]);
    // Equal jitter: each pause is between half and all of its doubling ceiling.
    const [first, afterOne, afterTwo, afterThree] = clock.sleeps as [number, number, number, number];
    expect(first).toBe(400);
    expect(afterOne).toBeGreaterThanOrEqual(200);
    expect(afterOne).toBeLessThan(400);
    expect(afterTwo).toBeGreaterThanOrEqual(400);
    expect(afterThree).toBeGreaterThanOrEqual(800);
  });

  it('gives up after five failed reads in a row, or at once on a failure a retry cannot fix', async () => {
    const persistent = await drain(order('PENDING'), scripted([unavailable()]));
    expect(persistent.at(-1)).toBe(': reading the order failed (UPSTREAM.UNAVAILABLE): reconnect\n\n');

    const source = scripted([AppError.notFound('ORDER.NOT_FOUND', 'gone')]);
    const read = jest.spyOn(source, 'read');
    const gone = await drain(order('PENDING'), source);
    expect(gone.at(-1)).toBe(': reading the order failed (ORDER.NOT_FOUND): reconnect\n\n');
    expect(read).toHaveBeenCalledTimes(1);
  });
});
