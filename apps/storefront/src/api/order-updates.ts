import { API_ROUTES } from './api-routes';
import { isFinal, type Order } from './api-types';
import { openApiStream } from './http-client';
import { toApiProblem } from './problem';
import { ServerSentEventParser } from './server-sent-events';
import { getOrder } from './shop-api';

export interface OrderWatch {
  token: string;
  orderId: string;
  /** Called with the order's whole JSON (the body of GET /v1/orders/{orderId}) at once and on every change. */
  onOrder: (order: Order) => void;
  signal: AbortSignal;
}

/** How often the fallback polls, for a gateway without the stream route. */
export const POLL_INTERVAL_MS = 500;

/**
 * Follows an order until its saga has finished (CONFIRMED or CANCELLED), or
 * until `signal` aborts. The gateway's event stream
 * (GET /v1/orders/{orderId}/timeline) sends the current order at once and
 * then one `order` event per change; a gateway without that route (404/405)
 * is polled instead.
 */
export async function watchOrder(watch: OrderWatch): Promise<void> {
  const response = await openApiStream(API_ROUTES.orderTimeline, {
    token: watch.token,
    params: { orderId: watch.orderId },
    headers: { accept: 'text/event-stream' },
    signal: watch.signal,
  });
  if (response.status === 404 || response.status === 405) return pollOrder(watch);
  if (!response.ok || !response.body) {
    throw toApiProblem(
      response.status,
      await response.json().catch(() => null),
      response.headers.get('retry-after'),
    );
  }
  const last = await readOrderEvents(response.body, watch.onOrder);
  // The stream ends after the final state; ending before it (a gateway restart) means: follow on.
  if (watch.signal.aborted || (last && isFinal(last.status))) return;
  await delay(POLL_INTERVAL_MS); // never a tight reconnect loop
  if (!watch.signal.aborted) return watchOrder(watch);
}

async function readOrderEvents(body: ReadableStream<Uint8Array>, onOrder: (order: Order) => void) {
  const parser = new ServerSentEventParser();
  const decoder = new TextDecoder(); // `stream: true` keeps a character split across chunks whole
  const reader = body.getReader();
  let last: Order | undefined;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    for (const event of parser.push(decoder.decode(chunk.value, { stream: true }))) {
      if (event.event !== 'order') continue;
      last = JSON.parse(event.data) as Order;
      onOrder(last);
    }
  }
  return last;
}

async function pollOrder({ token, orderId, onOrder, signal }: OrderWatch): Promise<void> {
  for (;;) {
    const order = await getOrder(token, orderId, signal);
    onOrder(order);
    if (isFinal(order.status)) return;
    await delay(POLL_INTERVAL_MS);
    if (signal.aborted) return;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
