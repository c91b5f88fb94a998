import { mailsTo, waitUntil } from '@shop/testing';
import { adminSession, newSession } from './support/auth';
import { jaegerUrl, traceIdOf, traceSpans, type TraceSpan } from './support/jaeger';
import { finished, newProduct, orderBody, postOrder, tokenise } from './support/shop';

// One order is ONE trace, from the HTTP request to the confirmation email,
// as a learner sees it at http://127.0.0.1:16686 (make up exports every span to
// the local Jaeger: OTEL_EXPORTER_OTLP_ENDPOINT in deploy/local/services.env).
//   gateway POST /v1/orders --gRPC--> order PlaceOrder --gRPC--> inventory (prices)
//   order outbox --Kafka--> inventory / payment commands --Kafka--> replies --> order
//   --> order.confirmed.v1 --Kafka--> notification --SMTP--> Mailpit
// The context travels in gRPC metadata, in the outbox row and the Kafka headers
// (traceparent), in payment's action rows and in notification's delivery rows, so
// every later saga step, though triggered by a reply, continues the POST's trace.
const SERVICES = ['gateway', 'order', 'inventory', 'payment', 'notification'];

/** What each service must have recorded in the order's trace (the hops a learner follows). */
const EXPECTED: ReadonlyArray<{ service: string; kind: string; name: string | RegExp }> = [
  { service: 'gateway', kind: 'server', name: 'POST /v1/orders' },
  { service: 'gateway', kind: 'client', name: /OrderService\/PlaceOrder$/ },
  { service: 'order', kind: 'server', name: /OrderService\/PlaceOrder$/ },
  { service: 'inventory', kind: 'server', name: /InventoryService\/GetProductsForOrder$/ },
  { service: 'inventory', kind: 'consumer', name: 'process inventory.commands.v1' },
  { service: 'order', kind: 'consumer', name: 'process inventory.replies.v1' },
  { service: 'payment', kind: 'consumer', name: 'process payment.commands.v1' },
  { service: 'payment', kind: 'internal', name: 'payment authorize' },
  { service: 'payment', kind: 'internal', name: 'payment capture' },
  { service: 'order', kind: 'consumer', name: 'process payment.replies.v1' },
  { service: 'notification', kind: 'consumer', name: 'process order.confirmed.v1' },
  { service: 'notification', kind: 'client', name: 'send email order_confirmed' },
];

const matches = (span: TraceSpan, expected: (typeof EXPECTED)[number]) =>
  span.service === expected.service &&
  span.kind === expected.kind &&
  (typeof expected.name === 'string' ? span.name === expected.name : expected.name.test(span.name));

const describeExpected = ({ service, kind, name }: (typeof EXPECTED)[number]) =>
  `${service} ${kind} "${name}"`;

describe('tracing: one order, one trace across every service (P20)', () => {
  it('the trace of POST /v1/orders spans gateway, order, inventory, payment and notification', async () => {
    const admin = await adminSession();
    const customer = await newSession();
    const productId = await newProduct(admin, 3, 990);
    const card = await tokenise('4242424242424242');

    const placed = await postOrder(customer, orderBody(productId, 1, card)).expect(202);
    const orderId = placed.body.orderId as string;
    // Every response names its trace (W3C traceresponse, set by the platform's HTTP hooks).
    const { traceId, sampled } = traceIdOf(placed.headers['traceresponse']);
    expect(sampled).toBe(true); // local mode keeps every trace: OTEL_TRACES_SAMPLER_RATIO=1

    expect((await finished(customer, orderId)).status).toBe('CONFIRMED');
    await waitUntil(
      async () => (await mailsTo(customer.email)).some((mail) => mail.Subject.includes(orderId)),
      { timeoutMs: 30_000, description: 'the order confirmation email' },
    );

    // Spans reach Jaeger in batches (every few seconds per service): poll until all hops arrived.
    const spans = await waitUntil(
      async () => {
        const found = await traceSpans(traceId);
        const missing = EXPECTED.filter((expected) => !found.some((span) => matches(span, expected)));
        if (missing.length === 0) return found;
        const services = [...new Set(found.map((span) => span.service))].sort().join(', ');
        // Thrown, not returned: waitUntil reports the last error when it gives up.
        throw new Error(
          `${found.length} spans so far from [${services}]; missing ${missing.map(describeExpected).join('; ')}`,
        );
      },
      { timeoutMs: 45_000, intervalMs: 1_000, description: `trace ${traceId} in Jaeger at ${jaegerUrl}` },
    );

    // One trace id, five services; and each hop of the saga recorded in it.
    const services = new Set(spans.map((span) => span.service));
    expect(SERVICES.filter((service) => !services.has(service))).toEqual([]);
    const missing = EXPECTED.filter((expected) => !spans.some((span) => matches(span, expected)));
    expect(missing.map(describeExpected)).toEqual([]);
    // It starts at the gateway: the HTTP request is the root of the whole saga's trace.
    const roots = spans.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => `${span.service} ${span.name}`)).toEqual(['gateway POST /v1/orders']);
  }, 180_000);
});
