import { EnvelopeHeaders, type EventEnvelope } from '@shop/contracts';
import type { IHeaders, Message } from 'kafkajs';

/**
 * Envelope <-> Kafka record, CloudEvents Kafka protocol binding in *binary*
 * mode: the attributes travel in `ce_*` headers, the record value is the event's
 * `data` as JSON, the key is `subject` (one aggregate -> one partition -> ordered).
 * Binary mode keeps the value a plain business payload any tool can read, and
 * keeps cross-cutting data (id, type, trace) in headers, not in the payload.
 */
export const CE_SPECVERSION_HEADER = 'ce_specversion';
const SPEC_VERSION = '1.0';
const JSON_CONTENT_TYPE = 'application/json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record that cannot be turned into an envelope; it goes to the dead-letter topic untouched. */
export class EnvelopeDecodeError extends Error {
  override readonly name = 'EnvelopeDecodeError';
}

export function toKafkaMessage(envelope: EventEnvelope): Message {
  const headers: IHeaders = {
    [CE_SPECVERSION_HEADER]: SPEC_VERSION,
    [EnvelopeHeaders.id]: envelope.id,
    [EnvelopeHeaders.type]: envelope.type,
    [EnvelopeHeaders.source]: envelope.source,
    [EnvelopeHeaders.subject]: envelope.subject,
    [EnvelopeHeaders.time]: envelope.time,
    [EnvelopeHeaders.contentType]: JSON_CONTENT_TYPE,
  };
  if (envelope.traceparent) headers[EnvelopeHeaders.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[EnvelopeHeaders.tracestate] = envelope.tracestate;
  return { key: envelope.subject, value: JSON.stringify(envelope.data ?? null), headers };
}

/** The parts of a consumed record the mapping reads (kafkajs `KafkaMessage` fits). */
export interface KafkaRecord {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: IHeaders;
}

export function fromKafkaMessage(record: KafkaRecord): EventEnvelope {
  const headers = record.headers ?? {};
  const specversion = header(headers, CE_SPECVERSION_HEADER);
  if (specversion !== undefined && specversion !== SPEC_VERSION) {
    throw new EnvelopeDecodeError(`unsupported ${CE_SPECVERSION_HEADER} "${specversion}"`);
  }
  const contentType = header(headers, EnvelopeHeaders.contentType);
  if (contentType !== undefined && !contentType.toLowerCase().startsWith(JSON_CONTENT_TYPE)) {
    throw new EnvelopeDecodeError(`unsupported content-type "${contentType}"`);
  }
  const id = required(headers, EnvelopeHeaders.id);
  if (!UUID.test(id)) throw new EnvelopeDecodeError(`header ${EnvelopeHeaders.id} is not a UUID: "${id}"`);
  const time = required(headers, EnvelopeHeaders.time);
  if (Number.isNaN(Date.parse(time)))
    throw new EnvelopeDecodeError(`header ${EnvelopeHeaders.time} is not a time`);
  const subject = header(headers, EnvelopeHeaders.subject) ?? text(record.key ?? null);
  if (!subject) throw new EnvelopeDecodeError(`missing header ${EnvelopeHeaders.subject} and record key`);
  const traceparent = header(headers, EnvelopeHeaders.traceparent);
  const tracestate = header(headers, EnvelopeHeaders.tracestate);
  return {
    id,
    type: required(headers, EnvelopeHeaders.type),
    source: required(headers, EnvelopeHeaders.source),
    subject,
    time,
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
    data: parseData(record.value),
  };
}

function parseData(value: Buffer | string | null): unknown {
  const json = text(value);
  if (json === undefined) throw new EnvelopeDecodeError('record has no value (tombstone?)');
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new EnvelopeDecodeError(`record value is not JSON: ${(error as Error).message}`);
  }
}

function required(headers: IHeaders, name: string): string {
  const value = header(headers, name);
  if (!value) throw new EnvelopeDecodeError(`missing header ${name}`);
  return value;
}

function header(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw new EnvelopeDecodeError(`header ${name} appears ${value.length} times`);
    return text(value[0] ?? null);
  }
  return text(value ?? null);
}

function text(value: Buffer | string | null): string | undefined {
  if (value === null) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}
