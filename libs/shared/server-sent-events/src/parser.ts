/** What a stream carries: an event with its fields, or a comment line. */
export type StreamItem =
  | { readonly kind: 'event'; readonly event: string; readonly id: string | undefined; readonly data: string }
  | { readonly kind: 'comment'; readonly text: string };

/**
 * The `text/event-stream` format parsed from decoded chunks as they arrive: a chunk may end
 * mid-line or mid-event. Lines end at CRLF, LF or CR; a blank line dispatches the event, and
 * an event without `data` is dropped, as a browser's EventSource does. Unlike EventSource,
 * it also hands out comments (`: keep-alive`, `: … reconnect`), which a reader may skip,
 * and an event's `id` is the one of its own block (undefined without one).
 */
export class ServerSentEventParser {
  private buffer = '';
  private event = '';
  private id: string | undefined;
  private data: string[] = [];

  /** Feeds one decoded chunk; returns the items it completed, in order. */
  push(chunk: string): StreamItem[] {
    this.buffer += chunk;
    const completed: StreamItem[] = [];
    // A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
    const lines = this.buffer.split(/\r\n|\n|\r(?!$)/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) {
          completed.push({
            kind: 'event',
            event: this.event || 'message',
            id: this.id,
            data: this.data.join('\n'),
          });
        }
        this.event = '';
        this.id = undefined;
        this.data = [];
      } else if (line.startsWith(':')) {
        completed.push({ kind: 'comment', text: withoutLeadingSpace(line.slice(1)) });
      } else {
        this.field(line);
      }
    }
    return completed;
  }

  private field(line: string): void {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : withoutLeadingSpace(line.slice(colon + 1));
    if (name === 'event') this.event = value;
    else if (name === 'id') this.id = value;
    else if (name === 'data') this.data.push(value);
  }
}

const withoutLeadingSpace = (value: string) => (value.startsWith(' ') ? value.slice(1) : value);
