/** One block of a text/event-stream: an event with its fields, or a comment line. */
export type StreamItem =
  | { readonly kind: 'event'; readonly event: string; readonly id: string | undefined; readonly data: string }
  | { readonly kind: 'comment'; readonly text: string };

/**
 * Reads a server-sent event stream the way a browser page does when it must send an
 * Authorization header (which EventSource cannot): `fetch()`, then the body's reader,
 * chunk by chunk, cut into blocks at blank lines (WHATWG HTML, "Server-sent events").
 */
export class EventStreamReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private ended = false;

  constructor(response: { readonly status: number; readonly body: ReadableStream<Uint8Array> | null }) {
    if (!response.body) throw new Error(`the response (${response.status}) has no body to read`);
    this.reader = response.body.getReader();
  }

  /** The next block, or undefined once the server ended the stream. */
  async next(): Promise<StreamItem | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseBlock(block);
      }
      if (this.ended) return undefined;
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next event, skipping comments; undefined once the stream ended. */
  async nextEvent(): Promise<Extract<StreamItem, { kind: 'event' }> | undefined> {
    for (;;) {
      const item = await this.next();
      if (item === undefined || item.kind === 'event') return item;
    }
  }

  /** Everything up to the end of the stream. */
  async rest(): Promise<StreamItem[]> {
    const items: StreamItem[] = [];
    for (let item = await this.next(); item !== undefined; item = await this.next()) items.push(item);
    return items;
  }

  /** Hangs up, as a closed browser tab does. */
  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

function parseBlock(block: string): StreamItem {
  const lines = block.split('\n');
  if (lines.every((line) => line.startsWith(':'))) {
    return { kind: 'comment', text: lines.map((line) => line.slice(1).trim()).join('\n') };
  }
  const fields = { event: 'message', id: undefined as string | undefined, data: [] as string[] };
  for (const line of lines.filter((candidate) => !candidate.startsWith(':'))) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') fields.event = value;
    else if (name === 'id') fields.id = value;
    else if (name === 'data') fields.data.push(value);
  }
  return { kind: 'event', event: fields.event, id: fields.id, data: fields.data.join('\n') };
}
