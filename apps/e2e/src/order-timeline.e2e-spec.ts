import { EventStreamReader, waitUntil, type StreamItem } from '@shop/testing';
import { HAPPY_PATH_STEPS } from '@shop/testing/place-order-history';
import { adminSession, newSession } from './support/auth';
import { gateway, gatewayUrl } from './support/gateway';
import { traceIdOf, traceSpans } from './support/jaeger';
import { newProduct, orderBody, postOrder, stepsOf, tokenise, type OrderView } from './support/shop';

// An order's saga, live, as the storefront's order page reads it: fetch() of
// GET /v1/orders/{orderId}/timeline with the token, the body read as server-sent
// events until the gateway ends the stream (the order is final).
//   gateway --GetOrder, every poll interval while the stream is open--> order
describe('order timeline: the saga live over server-sent events, through the running system', () => {
  it('streams a placed order from PENDING, step by step, to CONFIRMED, then ends', async () => {
    const admin = await adminSession();
    const customer = await newSession();
    const productId = await newProduct(admin, 3, 1_500);
    const placed = await postOrder(customer, orderBody(productId, 1, await tokenise('4242424242424242')));
    expect(placed.status).toBe(202);
    const orderId = placed.body.orderId as string;

    const response = await fetch(`${gatewayUrl}/v1/orders/${orderId}/timeline`, {
      headers: customer.auth,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const items: StreamItem[] = await new EventStreamReader(response).rest();

    const orders = items.flatMap((item) =>
      item.kind === 'event' && item.event === 'order' ? [JSON.parse(item.data) as OrderView] : [],
    );
    // The last event is the final state, and nothing follows it: the gateway ended the stream.
    expect(items.at(-1)?.kind).toBe('event');
    expect(orders.at(-1)?.status).toBe('CONFIRMED');
    expect(orders.slice(0, -1).every((order) => order.status === 'PENDING')).toBe(true);
    // Each event is a change, and the saga's history only grows: every event extends the one before.
    for (const [index, order] of orders.entries()) {
      if (index === 0) continue;
      const before = stepsOf(orders[index - 1] as OrderView);
      expect(stepsOf(order).slice(0, before.length)).toEqual(before);
      expect(JSON.stringify(order)).not.toBe(JSON.stringify(orders[index - 1]));
    }
    expect(stepsOf(orders.at(-1) as OrderView)).toEqual(HAPPY_PATH_STEPS);
    // Opened right after the 202, long before the saga's four Kafka round trips end: the gateway
    // polled GetOrder at least once more after its first read.
    expect(orders.length).toBeGreaterThan(1);

    // The stream's trace keeps its first read only: the polls travel unsampled (one span per
    // poll would be up to 300 identical spans). The gateway exports its spans in the order they
    // end, and the stream's own span ends last: once it is in Jaeger, every poll's would be.
    const stream = traceIdOf(response.headers.get('traceresponse') ?? undefined);
    const streamSpans = await waitUntil(
      async () => {
        const spans = await traceSpans(stream.traceId);
        return spans.some((span) => span.kind === 'server' && span.name.endsWith('/timeline'))
          ? spans
          : undefined;
      },
      {
        timeoutMs: 45_000,
        intervalMs: 1_000,
        description: `the timeline's span in Jaeger (trace ${stream.traceId})`,
      },
    );
    const reads = streamSpans.filter((span) => span.service === 'gateway' && span.name.endsWith('/GetOrder'));
    expect(reads.map((span) => span.kind)).toEqual(['client']);

    // The final event is exactly what GET answers, and it names the trace of the POST that placed it.
    const read = await gateway().get(`/v1/orders/${orderId}`).set(customer.auth).expect(200);
    expect(orders.at(-1)).toEqual(read.body);
    const { traceId } = traceIdOf(placed.headers['traceresponse']);
    expect(read.body.traceId).toBe(traceId);
    expect(placed.body.traceId).toBe(traceId);
  });

  it("another customer's order: 404 problem+json, no stream", async () => {
    const owner = await newSession();
    const stranger = await newSession();
    const admin = await adminSession();
    const productId = await newProduct(admin, 1);
    const placed = await postOrder(owner, orderBody(productId, 1, await tokenise('4242424242424242'))).expect(
      202,
    );

    const response = await fetch(`${gatewayUrl}/v1/orders/${placed.body.orderId as string}/timeline`, {
      headers: stranger.auth,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'ORDER.NOT_FOUND' });
  });
});
