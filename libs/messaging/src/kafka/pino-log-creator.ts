import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

type PinoLevel = 'error' | 'warn' | 'debug' | 'trace';

// kafkajs is chatty at INFO (every connect, join, commit): those lines become
// pino `debug` so a service at LOG_LEVEL=info stays quiet; errors and warnings
// keep their level.
const LEVELS: Record<number, PinoLevel> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'trace',
};

// We bound the idempotent producer's retries on purpose (a send must not
// retry forever); kafkajs warns about it on every start. Known, so debug.
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

/** Routes kafkajs' own log lines into the service's pino logger (one log stream, JSON). */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _logger, ...details } = entry.log;
    let level = LEVELS[entry.level] ?? 'debug';
    if (level === 'warn' && EXPECTED_WARNINGS.some((text) => message.startsWith(text))) level = 'debug';
    kafkaLogger[level]({ namespace: entry.namespace, ...details }, message);
  };
}
