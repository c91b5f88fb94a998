import { sseComment, sseEvent } from './format';
import { ServerSentEventParser } from './parser';

describe('ServerSentEventParser', () => {
  it('reads back what format.ts writes, split anywhere across chunks', () => {
    const parser = new ServerSentEventParser();
    const stream =
      sseEvent('order', 'a1', '{"status":"PENDING"}') +
      sseComment('keep-alive') +
      sseEvent('order', 'b2', '{"status":"CONFIRMED"}');
    const items = [...stream].flatMap((char) => parser.push(char)); // one character per chunk
    expect(items).toEqual([
      { kind: 'event', event: 'order', id: 'a1', data: '{"status":"PENDING"}' },
      { kind: 'comment', text: 'keep-alive' },
      { kind: 'event', event: 'order', id: 'b2', data: '{"status":"CONFIRMED"}' },
    ]);
  });

  it('joins data lines, accepts CRLF and CR, names an unnamed event "message", an id only for its own event', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push(': keep-alive\r\nid: 7\r\ndata: a\r\ndata:b\r\rdata: c\n\n')).toEqual([
      { kind: 'comment', text: 'keep-alive' },
      { kind: 'event', event: 'message', id: '7', data: 'a\nb' },
      { kind: 'event', event: 'message', id: undefined, data: 'c' },
    ]);
  });

  it('dispatches nothing for an event without data, and nothing before its blank line', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('event: order\n\n')).toEqual([]);
    expect(parser.push('event: order\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ kind: 'event', event: 'order', id: undefined, data: '{}' }]);
  });

  it('waits for the rest of a CRLF split across two chunks', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('data: x\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ kind: 'event', event: 'message', id: undefined, data: 'x' }]);
  });
});
