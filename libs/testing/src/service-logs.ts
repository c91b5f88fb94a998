import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A logger for test code: silent unless TEST_LOG_LEVEL is set (tests provoke failures on purpose). */
export const testLogger = (): Logger => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface CapturedLogs {
  /** Give it to runService as `logDestination`. */
  readonly destination: Writable;
  /** Every JSON log line written so far, parsed (`{ msg }` for a line that is not JSON). */
  readonly logs: Array<Record<string, unknown>>;
}

/** Captures the JSON log lines of a service booted in-process, so a test can assert on them. */
export function captureLogs(): CapturedLogs {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: line });
        }
      }
      done();
    },
  });
  return { destination, logs };
}
