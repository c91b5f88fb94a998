// What a server writes. Fields are `name: value` lines, a blank line ends an event, a line
// starting with `:` is a comment that clients ignore. `data` is one line here: the gateway
// sends JSON.stringify output, which escapes every newline.

/** One event: `event:`, `id:`, `data:` and the blank line that dispatches it. */
export const sseEvent = (event: string, id: string, data: string): string =>
  `event: ${event}\nid: ${id}\ndata: ${data}\n\n`;

/** A comment: ignored by clients; keeps a quiet connection alive or says why a stream ends. */
export const sseComment = (text: string): string => `: ${text}\n\n`;
