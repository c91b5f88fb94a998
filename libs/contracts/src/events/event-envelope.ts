/**
 * The envelope every event and saga message travels in, on Kafka and in the
 * outbox. Modelled on CloudEvents (structured mode): `id` is what consumers
 * deduplicate on, `subject` is the aggregate id and the partition key
 * (per-aggregate ordering), `traceparent` carries W3C trace context across the
 * asynchronous hop. `type` names the schema and its version, e.g.
 * `shop.user.registered.v1`; a published version never changes.
 */
export interface EventEnvelope<TData = unknown> {
  /** Unique event id (UUID v4/v7). Consumers deduplicate on it. */
  readonly id: string;
  /** Versioned event type, e.g. `shop.user.registered.v1`. */
  readonly type: string;
  /** The producing service, e.g. `user`. */
  readonly source: string;
  /** Aggregate id; also the Kafka message key, so one aggregate's events stay ordered. */
  readonly subject: string;
  /** RFC 3339 time the event was recorded (in the producer's transaction). */
  readonly time: string;
  /** W3C trace context of the operation that recorded the event, if it was traced. */
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly data: TData;
}

/** Kafka header names carrying envelope attributes (CloudEvents Kafka binding, binary mode names). */
export const EnvelopeHeaders = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  contentType: 'content-type',
} as const;
