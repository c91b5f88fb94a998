import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACT_PATHS, REDACTED } from './redact-paths';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  version: string;
  level: string;
}

/**
 * The pino options every service logs with: one JSON object per line,
 * RFC 3339 `time`, `level` as a label, `service` + `version` on every line,
 * `trace_id`/`span_id` of the active OpenTelemetry span so a log line joins its
 * trace, and secrets redacted.
 */
export function loggerOptions(settings: LoggerSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service: settings.service, version: settings.version, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    messageKey: 'msg',
    errorKey: 'err',
    mixin: traceFields,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
}

/** Creates the service logger; `destination` defaults to synchronous stdout so nothing is lost on exit. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  return pino(loggerOptions(settings), destination ?? pino.destination({ dest: 1, sync: true }));
}

function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
