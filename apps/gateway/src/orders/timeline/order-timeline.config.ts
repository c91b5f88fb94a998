import { positiveInt } from '@shop/platform';
import { z } from 'zod';

/**
 * GET /v1/orders/{orderId}/timeline (order-timeline.http-controller.ts): how often an open
 * stream reads the order, and the bounds that keep open streams from eating the gateway
 * and the order service (each open stream costs one GetOrder per poll interval).
 */
export const orderTimelineConfigSchema = z.object({
  /** How often an open stream asks the order service for the order. */
  ORDER_TIMELINE_POLL_INTERVAL_MS: positiveInt().default(400),
  /** A `: keep-alive` comment after this much silence, so proxies keep the connection open. */
  ORDER_TIMELINE_HEARTBEAT_MS: positiveInt().default(15_000),
  /** A stream ends after this long even if the order is still PENDING; the client reconnects. */
  ORDER_TIMELINE_MAX_LIFETIME_MS: positiveInt().default(120_000),
  /** Open streams per gateway instance; beyond: 503 with Retry-After. */
  ORDER_TIMELINE_MAX_STREAMS: positiveInt().default(100),
  /** Open streams per user (one user's tabs cannot take every slot); beyond: 429 with Retry-After. */
  ORDER_TIMELINE_MAX_STREAMS_PER_USER: positiveInt().default(4),
});

export type OrderTimelineConfig = z.infer<typeof orderTimelineConfigSchema>;
