import { buildDeadLetterMessage } from './dead-letter';

describe('buildDeadLetterMessage (P27)', () => {
  const message = {
    key: Buffer.from('order-1'),
    value: Buffer.from('{"total":42}'),
    headers: { ce_id: Buffer.from('id-1'), ce_type: Buffer.from('shop.order.placed.v1') },
    offset: '41',
  };

  it('keeps the original record and adds reason, error, attempts and origin headers', () => {
    const dead = buildDeadLetterMessage({
      topic: 'order.placed.v1',
      partition: 2,
      message,
      consumer: 'payment',
      reason: 'max-attempts',
      error: new TypeError('card declined'),
      attempts: 5,
    });
    expect(dead.key).toBe(message.key);
    expect(dead.value).toBe(message.value);
    expect(dead.headers).toEqual({
      ...message.headers,
      'x-dlt-reason': 'max-attempts',
      'x-dlt-error': 'TypeError: card declined',
      'x-dlt-attempts': '5',
      'x-dlt-consumer': 'payment',
      'x-original-topic': 'order.placed.v1',
      'x-original-partition': '2',
      'x-original-offset': '41',
    });
  });

  it('bounds the error text (a stack or a huge message must not bloat the record)', () => {
    const dead = buildDeadLetterMessage({
      topic: 't',
      partition: 0,
      message: { ...message, headers: undefined },
      consumer: 'c',
      reason: 'decode-error',
      error: 'x'.repeat(5_000),
      attempts: 0,
    });
    expect(String(dead.headers?.['x-dlt-error'])).toHaveLength(1_000);
  });
});
