import { ServerSentEventParser } from './server-sent-events';

describe('ServerSentEventParser', () => {
  it('parses events split anywhere across chunks', () => {
    const parser = new ServerSentEventParser();
    const stream =
      'event: order\ndata: {"status":"PENDING"}\n\nevent: order\ndata: {"status":"CONFIRMED"}\n\n';
    const events = [...stream].flatMap((char) => parser.push(char)); // one character per chunk
    expect(events).toEqual([
      { event: 'order', data: '{"status":"PENDING"}' },
      { event: 'order', data: '{"status":"CONFIRMED"}' },
    ]);
  });

  it('joins data lines, accepts CRLF and CR, skips comments (keep-alives), names an unnamed event "message"', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push(': keep-alive\r\ndata: a\r\ndata:b\r\r\n')).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('dispatches nothing for an event without data, and nothing before its blank line', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('event: order\n\n')).toEqual([]);
    expect(parser.push('event: order\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'order', data: '{}' }]);
  });
});
