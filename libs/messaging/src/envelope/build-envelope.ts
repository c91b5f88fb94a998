import { randomUUID } from 'node:crypto';

import type { EventEnvelope } from '@shop/contracts';

import type { TraceCarrier } from './trace-context';

/** What a producer says about an event; the rest of the envelope is filled in. */
export interface NewEvent<TData> {
  /** Versioned type, e.g. `shop.order.placed.v1` (a published version never changes). */
  readonly type: string;
  /** Aggregate id: the Kafka key, so one aggregate's events stay in order. */
  readonly subject: string;
  readonly data: TData;
}

export interface EnvelopeMeta {
  /** The producing service (`SERVICE_NAME`). */
  readonly source: string;
  readonly trace?: TraceCarrier;
  /** Injected by tests; a random UUID v4 otherwise. */
  readonly id?: string;
  /** Injected by tests; now otherwise. */
  readonly time?: Date;
}

// `<anything>.v<N>`: the type names its schema version (conventions.md).
const VERSIONED_TYPE = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*\.v[0-9]+$/;

/** Builds a complete, validated envelope (id, RFC 3339 time, source, trace context). */
export function buildEnvelope<TData>(event: NewEvent<TData>, meta: EnvelopeMeta): EventEnvelope<TData> {
  if (!VERSIONED_TYPE.test(event.type)) {
    throw new Error(
      `event type "${event.type}" must be lower-case and end in a version, e.g. shop.order.placed.v1`,
    );
  }
  if (!event.subject) throw new Error(`event ${event.type} needs a subject (the aggregate id)`);
  if (!meta.source) throw new Error('event source (the service name) must not be empty');
  return {
    id: meta.id ?? randomUUID(),
    type: event.type,
    source: meta.source,
    subject: event.subject,
    time: (meta.time ?? new Date()).toISOString(),
    ...(meta.trace?.traceparent ? { traceparent: meta.trace.traceparent } : {}),
    ...(meta.trace?.tracestate ? { tracestate: meta.trace.tracestate } : {}),
    data: event.data,
  };
}
