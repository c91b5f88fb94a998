import { traceIdOf } from './trace-context';

describe('traceIdOf', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('reads the trace id of a W3C traceparent, sampled or not', () => {
    expect(traceIdOf({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` })).toBe(traceId);
    expect(traceIdOf({ traceparent: `00-${traceId}-00f067aa0ba902b7-00`, tracestate: 'a=b' })).toBe(traceId);
  });

  it.each([
    ['no traceparent', {}],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['the forbidden version ff', { traceparent: `ff-${traceId}-00f067aa0ba902b7-01` }],
    ['upper-case hex', { traceparent: `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01` }],
    ['a truncated value', { traceparent: `00-${traceId.slice(1)}-00f067aa0ba902b7-01` }],
  ])('names none for %s', (_case, carrier) => {
    expect(traceIdOf(carrier)).toBeUndefined();
  });
});
