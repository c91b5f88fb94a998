import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

import { buildEnvelope, type NewEvent } from '../envelope/build-envelope';
import { captureTraceContext } from '../envelope/trace-context';
import { outboxChannel } from './outbox-channel';

export interface AppendEvent<TData> extends NewEvent<TData> {
  /**
   * `<ctx>.<event>.v<N>`, e.g. `order.placed.v1`: the contract's name, stored as is.
   * The row never holds a `KAFKA_TOPIC_PREFIX`: the relay's publisher adds it when it
   * publishes, in the same place the consumers get theirs, so the namespace is decided
   * once, at the Kafka boundary, and a row reads the same in every environment.
   */
  readonly topic: string;
}

export interface OutboxWriterOptions {
  readonly serviceName: string;
  /** Largest accepted JSON payload (default 512 KiB, well under Kafka's 1 MB default). */
  readonly maxPayloadBytes?: number;
}

/**
 * Records events in the caller's transaction: the event row commits or
 * rolls back with the state change that caused it, so there is no window where
 * one exists without the other. The relay publishes it after COMMIT.
 */
export class OutboxWriter {
  private readonly channel: string;
  private readonly maxPayloadBytes: number;

  constructor(private readonly options: OutboxWriterOptions) {
    this.channel = outboxChannel(options.serviceName);
    this.maxPayloadBytes = options.maxPayloadBytes ?? 512 * 1024;
  }

  async append<TData>(tx: EntityManager, event: AppendEvent<TData>): Promise<EventEnvelope<TData>> {
    // Outside a transaction the insert would commit on its own: the dual write again.
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction (P09)');
    }
    if (!event.topic) throw new Error(`event ${event.type} needs a topic`);
    const envelope = buildEnvelope(event, { source: this.options.serviceName, trace: captureTraceContext() });
    const payload = JSON.stringify(envelope.data ?? null);
    // Rejected here, in the producer's transaction, rather than blocking the relay later.
    if (Buffer.byteLength(payload) > this.maxPayloadBytes) {
      throw new Error(`event ${event.type} payload exceeds ${this.maxPayloadBytes} bytes`);
    }
    const headers = { traceparent: envelope.traceparent, tracestate: envelope.tracestate };
    // One statement, one round trip: the notify rides on the insert. It is
    // delivered only if this transaction commits, right after COMMIT, so the
    // relay wakes at once instead of at its next poll; a rollback wakes nobody.
    await tx.query(
      `WITH recorded AS (
         INSERT INTO outbox (event_id, topic, event_type, source, subject, payload, headers, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
         RETURNING 1
       )
       SELECT pg_notify($9, '') FROM recorded`,
      [
        envelope.id,
        event.topic,
        envelope.type,
        envelope.source,
        envelope.subject,
        payload,
        JSON.stringify(headers),
        envelope.time,
        this.channel,
      ],
    );
    return envelope;
  }
}
