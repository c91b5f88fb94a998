import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';
import { REDACTED } from './redact-paths';

function captureLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger({ service: 'order', version: '1.4.2', level }, destination), lines };
}

interface RedactedLine {
  password: string;
  req: { headers: Record<string, string> };
  payment: { card: Record<string, string> };
  users: Record<string, string>[];
  deep: { a: { b: { c: { d: { refreshToken: string } } } } };
}

const spanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('logger (P23: structured JSON, correlated, no secrets)', () => {
  beforeAll(() => context.setGlobalContextManager(new StackContextManager().enable()));
  afterAll(() => context.disable());

  it('writes one JSON line with RFC 3339 time, level label, service and version', () => {
    const { logger, lines } = captureLogger();
    logger.info({ orderId: 'o-1' }, 'order placed');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'info',
      service: 'order',
      version: '1.4.2',
      orderId: 'o-1',
      msg: 'order placed',
    });
    expect(line?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(new Date(String(line?.['time'])).toISOString()).toBe(line?.['time']);
  });

  it('adds trace_id and span_id of the active span', () => {
    const { logger, lines } = captureLogger();
    context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('inside a span'));
    logger.info('outside any span');
    expect(lines[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('redacts secrets and card data at any realistic depth', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        password: 'hunter2',
        req: {
          headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': 'sid=2', host: 'shop' },
        },
        payment: { card: { cardNumber: '4111111111111111', cvc: '123', holder: 'A. Buyer' } },
        users: [{ id: 'u-1', email: 'a@example.com', token: 't-1' }],
        deep: { a: { b: { c: { d: { refreshToken: 'r-1' } } } } },
      },
      'secrets everywhere',
    );
    const line = lines[0] as unknown as RedactedLine;
    expect(line.password).toBe(REDACTED);
    expect(line.req.headers).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      host: 'shop',
    });
    expect(line.payment.card).toEqual({ cardNumber: REDACTED, cvc: REDACTED, holder: 'A. Buyer' });
    expect(line.users[0]).toEqual({ id: 'u-1', email: REDACTED, token: REDACTED });
    expect(line.deep.a.b.c.d.refreshToken).toBe(REDACTED);
    expect(JSON.stringify(line)).not.toMatch(/hunter2|4111111111111111|Bearer abc|a@example\.com/);
  });

  it('serialises errors with type, message and stack', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: new TypeError('bad input') }, 'failed');
    expect(lines[0]?.['err']).toMatchObject({ type: 'TypeError', message: 'bad input' });
    expect(String((lines[0]?.['err'] as { stack: string }).stack)).toContain('logger.spec');
  });
});

describe('PinoNestLogger (Nest logs in the same JSON)', () => {
  it('maps Nest levels and the trailing context argument', () => {
    const { logger, lines } = captureLogger('trace');
    const nest = new PinoNestLogger(logger);
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('careful');
    nest.verbose('details', 'RouterExplorer');
    expect(lines.map((line) => [line['level'], line['msg'], line['context']])).toEqual([
      ['info', 'Nest application successfully started', 'NestApplication'],
      ['warn', 'careful', undefined],
      ['trace', 'details', 'RouterExplorer'],
    ]);
  });

  it('keeps the stack Nest passes to error() and accepts Error objects', () => {
    const { logger, lines } = captureLogger();
    const nest = new PinoNestLogger(logger);
    const stack = new Error('x').stack ?? '';
    nest.error('handler crashed', stack, 'ExceptionsHandler');
    nest.error(new Error('boom'));
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'handler crashed',
      context: 'ExceptionsHandler',
      stack,
    });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'boom', err: { message: 'boom' } });
  });
});
