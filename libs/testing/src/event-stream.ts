import { ServerSentEventParser, type StreamItem } from '@shop/server-sent-events';

export type { StreamItem };

/**
 * Reads a server-sent event stream the way a browser page does when it must send an
 * Authorization header (which EventSource cannot): `fetch()`, then the body's reader,
 * chunk by chunk, parsed by the same parser as the storefront's order page.
 */
export class EventStreamReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder(); // `stream: true` keeps a character split across chunks whole
  private readonly parser = new ServerSentEventParser();
  private readonly parsed: StreamItem[] = [];
  private ended = false;

  constructor(response: { readonly status: number; readonly body: ReadableStream<Uint8Array> | null }) {
    if (!response.body) throw new Error(`the response (${response.status}) has no body to read`);
    this.reader = response.body.getReader();
  }

  /** The next event or comment, or undefined once the server ended the stream. */
  async next(): Promise<StreamItem | undefined> {
    while (this.parsed.length === 0 && !this.ended) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else this.parsed.push(...this.parser.push(this.decoder.decode(value, { stream: true })));
    }
    return this.parsed.shift();
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
