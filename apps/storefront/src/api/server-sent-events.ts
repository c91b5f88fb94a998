export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * The `text/event-stream` format (HTML Living Standard, "Server-sent events"),
 * parsed from chunks as they arrive: a chunk may end mid-line or mid-event.
 * Needed because EventSource cannot send an Authorization header, so the page
 * reads the stream with the Fetch API and parses it here.
 */
export class ServerSentEventParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Feeds one decoded chunk; returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const completed: ServerSentEvent[] = [];
    // A line ends at CRLF, LF or CR; a CR at the very end may be the first half of a CRLF.
    const lines = this.buffer.split(/\r\n|\n|\r(?!$)/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        // A blank line dispatches the event; one without data is dropped.
        if (this.data.length > 0)
          completed.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
      } else if (!line.startsWith(':')) {
        this.field(line); // a line starting with ':' is a comment (a keep-alive)
      }
    }
    return completed;
  }

  private field(line: string): void {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
  }
}
