import { logLevel } from 'kafkajs';
import pino from 'pino';

import { pinoLogCreator } from './pino-log-creator';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, log: pinoLogCreator(logger)(logLevel.DEBUG) };
}

const entry = (level: logLevel, message: string, extra: object = {}) => ({
  namespace: 'Producer',
  level,
  label: 'x',
  log: { timestamp: '2025-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('pinoLogCreator', () => {
  it('keeps errors and warnings, turns kafkajs INFO into debug and DEBUG into trace', () => {
    const { lines, log } = capture();
    log(entry(logLevel.ERROR, 'boom', { broker: '127.0.0.1:9092' }));
    log(entry(logLevel.WARN, 'careful'));
    log(entry(logLevel.INFO, 'connected'));
    log(entry(logLevel.DEBUG, 'bytes'));
    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([
      [50, 'boom'],
      [40, 'careful'],
      [20, 'connected'],
      [10, 'bytes'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'kafkajs', namespace: 'Producer', broker: '127.0.0.1:9092' });
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it('demotes the expected bounded-retries warning to debug (P02 is deliberate)', () => {
    const { lines, log } = capture();
    log(entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
    expect(lines[0]?.['level']).toBe(20);
  });
});
