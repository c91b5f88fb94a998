import { outboxChannel, relayLockName } from './outbox-channel';
import { outboxRowToEvent, type OutboxRow } from './outbox-row';

const row: OutboxRow = {
  id: '17',
  event_id: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
  topic: 'order.placed.v1',
  event_type: 'shop.order.placed.v1',
  source: 'order',
  subject: 'order-1',
  payload: { total: 42 },
  headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  created_at: new Date('2025-01-02T03:04:05.678Z'),
};

describe('outboxRowToEvent', () => {
  it('rebuilds the envelope and its topic from the row (trace context from headers: P20)', () => {
    expect(outboxRowToEvent(row)).toEqual({
      topic: 'order.placed.v1',
      envelope: {
        id: row.event_id,
        type: 'shop.order.placed.v1',
        source: 'order',
        subject: 'order-1',
        time: '2025-01-02T03:04:05.678Z',
        traceparent: row.headers?.traceparent,
        data: { total: 42 },
      },
    });
  });

  it('leaves trace fields out when the row has none', () => {
    expect(outboxRowToEvent({ ...row, headers: null }).envelope).not.toHaveProperty('traceparent');
    expect(outboxRowToEvent({ ...row, headers: {} }).envelope).not.toHaveProperty('tracestate');
  });
});

describe('outboxChannel / relayLockName', () => {
  it('folds the service name into a safe channel identifier', () => {
    expect(outboxChannel('order')).toBe('outbox_order');
    expect(outboxChannel('Payment-Provider')).toBe('outbox_payment_provider');
    expect(outboxChannel('x'.repeat(100))).toHaveLength(63);
    expect(() => outboxChannel('')).toThrow();
  });

  it('gives each service its own relay lock', () => {
    expect(relayLockName('order')).not.toBe(relayLockName('payment'));
  });
});
