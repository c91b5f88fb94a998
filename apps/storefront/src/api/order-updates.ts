import { ServerSentEventParser } from '@shop/server-sent-events';
import { API_ROUTES } from './api-routes';
import { isFinal, type Order } from './api-types';
import { openApiStream } from './http-client';
import { toApiProblem } from './problem';

export interface OrderWatch {
  /** Opens the stream with the customer's token, renewed on a 401 (session/session-tokens.ts). */
  authorized: <T>(request: (accessToken: string) => Promise<T>) => Promise<T>;
  orderId: string;
  /** Called with the order's whole JSON (the body of GET /v1/orders/{orderId}) at once and on every change. */
  onOrder: (order: Order) => void;
  signal: AbortSignal;
}

/** The pause before following on after a stream ended early, so a restarting gateway is never hammered. */
export const RECONNECT_DELAY_MS = 500;

/**
 * Follows an order until its saga has finished (CONFIRMED or CANCELLED), or
 * until `signal` aborts. The gateway's event stream
 * (GET /v1/orders/{orderId}/timeline) sends the current order at once and
 * then one `order` event per change, and ends after the final one. A stream
 * that ends earlier (its two-minute lifetime, a gateway restart) is opened again.
 */
export async function watchOrder(watch: OrderWatch): Promise<void> {
  const body = await watch.authorized(async (token) => {
    const response = await openApiStream(API_ROUTES.orderTimeline, {
      token,
      params: { orderId: watch.orderId },
      headers: { accept: 'text/event-stream' },
      signal: watch.signal,
    });
    if (!response.ok || !response.body) {
      throw toApiProblem(
        response.status,
        await response.json().catch(() => null),
        response.headers.get('retry-after'),
      );
    }
    return response.body;
  });
  const last = await readOrderEvents(body, watch.onOrder);
  // The stream ends after the final state; ending before it (a gateway restart) means: follow on.
  if (watch.signal.aborted || (last && isFinal(last.status))) return;
  await delay(RECONNECT_DELAY_MS); // never a tight reconnect loop
  if (!watch.signal.aborted) return watchOrder(watch);
}

async function readOrderEvents(body: ReadableStream<Uint8Array>, onOrder: (order: Order) => void) {
  const parser = new ServerSentEventParser();
  const decoder = new TextDecoder(); // `stream: true` keeps a character split across chunks whole
  const reader = body.getReader();
  let last: Order | undefined;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    for (const item of parser.push(decoder.decode(chunk.value, { stream: true }))) {
      if (item.kind !== 'event' || item.event !== 'order') continue; // keep-alives, say
      last = JSON.parse(item.data) as Order;
      onOrder(last);
    }
  }
  return last;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
