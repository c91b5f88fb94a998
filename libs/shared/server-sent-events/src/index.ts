export { sseComment, sseEvent } from './format';
export { ServerSentEventParser, type StreamItem } from './parser';
