import type { EventEnvelope } from '@shop/contracts';
import type { IHeaders } from 'kafkajs';

import { EnvelopeDecodeError, fromKafkaMessage, toKafkaMessage } from './kafka-message.mapper';

const envelope: EventEnvelope<{ orderId: string; total: number }> = {
  id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
  type: 'shop.order.placed.v1',
  source: 'order',
  subject: 'order-1',
  time: '2025-01-02T03:04:05.678Z',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'vendor=abc',
  data: { orderId: 'order-1', total: 42 },
};

/** What a consumer receives: every header value a Buffer, key and value Buffers. */
function asConsumed(message: ReturnType<typeof toKafkaMessage>) {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    headers[name] = Buffer.from(String(value));
  }
  return { key: Buffer.from(String(message.key)), value: Buffer.from(String(message.value)), headers };
}

describe('toKafkaMessage / fromKafkaMessage (CloudEvents binary mode)', () => {
  it('round-trips an envelope through a consumed record', () => {
    expect(fromKafkaMessage(asConsumed(toKafkaMessage(envelope)))).toEqual(envelope);
  });

  it('puts attributes in ce_* headers, data as the JSON value, subject as key', () => {
    const message = toKafkaMessage(envelope);
    expect(message.key).toBe('order-1');
    expect(JSON.parse(String(message.value))).toEqual(envelope.data);
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: 'shop.order.placed.v1',
      ce_source: 'order',
      ce_subject: 'order-1',
      ce_time: envelope.time,
      'content-type': 'application/json',
    });
  });

  it('carries W3C trace context in traceparent/tracestate headers (P20)', () => {
    expect(toKafkaMessage(envelope).headers).toMatchObject({
      traceparent: envelope.traceparent,
      tracestate: 'vendor=abc',
    });
  });

  it('omits trace headers when the event was not traced', () => {
    const { traceparent: _t, tracestate: _s, ...untraced } = envelope;
    const message = toKafkaMessage(untraced);
    expect(message.headers).not.toHaveProperty('traceparent');
    expect(fromKafkaMessage(asConsumed(message))).toEqual(untraced);
  });

  it.each(['ce_id', 'ce_type', 'ce_source', 'ce_time'])('names the missing header %s', (name) => {
    const record = asConsumed(toKafkaMessage(envelope));
    delete record.headers[name];
    expect(() => fromKafkaMessage(record)).toThrow(new EnvelopeDecodeError(`missing header ${name}`));
  });

  it('falls back to the record key when ce_subject is absent', () => {
    const record = asConsumed(toKafkaMessage(envelope));
    delete record.headers['ce_subject'];
    expect(fromKafkaMessage(record).subject).toBe('order-1');
  });

  it('rejects a value that is not JSON, a tombstone, a non-UUID id and a foreign spec version', () => {
    const good = asConsumed(toKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...good, value: Buffer.from('{oops') })).toThrow(/not JSON/);
    expect(() => fromKafkaMessage({ ...good, value: null })).toThrow(/no value/);
    expect(() => fromKafkaMessage({ ...good, headers: { ...good.headers, ce_id: 'abc' } })).toThrow(
      /not a UUID/,
    );
    expect(() => fromKafkaMessage({ ...good, headers: { ...good.headers, ce_specversion: '0.3' } })).toThrow(
      EnvelopeDecodeError,
    );
    expect(() =>
      fromKafkaMessage({ ...good, headers: { ...good.headers, 'content-type': 'text/plain' } }),
    ).toThrow(/content-type/);
  });

  it('rejects a record with no headers at all, naming the first missing one', () => {
    expect(() => fromKafkaMessage({ key: null, value: Buffer.from('{}') })).toThrow(/missing header ce_id/);
  });
});
