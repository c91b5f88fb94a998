import { buildEnvelope } from './build-envelope';

describe('buildEnvelope', () => {
  const event = { type: 'shop.order.placed.v1', subject: 'order-1', data: { total: 42 } };

  it('fills id (UUID), RFC 3339 time and source', () => {
    const envelope = buildEnvelope(event, { source: 'order' });
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(envelope.time).toISOString()).toBe(envelope.time);
    expect(envelope).toMatchObject({ ...event, source: 'order' });
  });

  it('gives every event its own id (consumers deduplicate on it: P10)', () => {
    const ids = new Set(Array.from({ length: 100 }, () => buildEnvelope(event, { source: 'order' }).id));
    expect(ids.size).toBe(100);
  });

  it('carries the trace context it is given (P20) and omits absent fields', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const traced = buildEnvelope(event, { source: 'order', trace: { traceparent } });
    expect(traced.traceparent).toBe(traceparent);
    expect('tracestate' in traced).toBe(false);
    expect('traceparent' in buildEnvelope(event, { source: 'order', trace: {} })).toBe(false);
  });

  it('uses the injected id and time', () => {
    const time = new Date('2025-01-02T03:04:05.678Z');
    expect(buildEnvelope(event, { source: 'order', id: 'x', time })).toMatchObject({
      id: 'x',
      time: '2025-01-02T03:04:05.678Z',
    });
  });

  it.each(['shop.order.placed', 'Shop.Order.Placed.v1', 'placed v1', ''])(
    'rejects the unversioned or malformed type %p',
    (type) => {
      expect(() => buildEnvelope({ ...event, type }, { source: 'order' })).toThrow(
        /must be lower-case and end in a version/,
      );
    },
  );

  it('rejects an empty subject or source', () => {
    expect(() => buildEnvelope({ ...event, subject: '' }, { source: 'order' })).toThrow(/needs a subject/);
    expect(() => buildEnvelope(event, { source: '' })).toThrow(/source/);
  });
});
