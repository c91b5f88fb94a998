import { deadLetterTopic, prefixedTopic, topicsToEnsure } from './topic-spec';

describe('prefixedTopic', () => {
  it('keeps the name when the prefix is empty (production) and namespaces it otherwise', () => {
    expect(prefixedTopic('', 'order.created.v1')).toBe('order.created.v1');
    expect(prefixedTopic('test.a1', 'order.created.v1')).toBe('test.a1.order.created.v1');
  });
});

describe('topicsToEnsure', () => {
  it('adds a dead-letter topic for every consumed topic (P27)', () => {
    expect(topicsToEnsure([{ topic: 'order.placed.v1', partitions: 6 }], ['payment.captured.v1'])).toEqual([
      { topic: 'order.placed.v1', partitions: 6 },
      { topic: 'payment.captured.v1.dlt' },
    ]);
  });

  it('keeps the first spec of a duplicated topic, including an explicit DLT spec', () => {
    expect(
      topicsToEnsure(
        [{ topic: 'a.b.v1.dlt', retentionMs: 1 }, { topic: 'x.y.v1' }, { topic: 'x.y.v1', partitions: 9 }],
        ['a.b.v1', 'a.b.v1'],
      ),
    ).toEqual([{ topic: 'a.b.v1.dlt', retentionMs: 1 }, { topic: 'x.y.v1' }]);
  });

  it('names the DLT <topic>.dlt', () => {
    expect(deadLetterTopic('user.registered.v1')).toBe('user.registered.v1.dlt');
  });
});
