import type { EventEnvelope } from '@shop/contracts';

import type { OutgoingEvent } from '../ports/event-publisher.port';
import type { TraceCarrier } from '../envelope/trace-context';

/** One `outbox` row as the relay reads it (pg returns bigint as string, jsonb parsed, timestamptz as Date). */
export interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly topic: string;
  readonly event_type: string;
  readonly source: string;
  readonly subject: string;
  readonly payload: unknown;
  readonly headers: TraceCarrier | null;
  readonly created_at: Date;
}

/** Rebuilds the envelope `OutboxWriter.append` returned, byte for byte in its attributes. */
export function outboxRowToEvent(row: OutboxRow): OutgoingEvent {
  const envelope: EventEnvelope = {
    id: row.event_id,
    type: row.event_type,
    source: row.source,
    subject: row.subject,
    time: row.created_at.toISOString(),
    ...(row.headers?.traceparent ? { traceparent: row.headers.traceparent } : {}),
    ...(row.headers?.tracestate ? { tracestate: row.headers.tracestate } : {}),
    data: row.payload,
  };
  return { topic: row.topic, envelope };
}
