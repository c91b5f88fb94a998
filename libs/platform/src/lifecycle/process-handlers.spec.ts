import pino from 'pino';
import { installProcessHandlers } from './process-handlers';

describe('process handlers (P19: signal -> graceful shutdown -> exit code)', () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  function install(shutdown: (reason: string) => Promise<void>) {
    const exits: number[] = [];
    const exit = ((code: number) => {
      exits.push(code);
    }) as (code: number) => never;
    remove = installProcessHandlers({ logger: pino({ level: 'silent' }), shutdown, exit });
    return exits;
  }

  it('exits 0 after a successful shutdown on SIGTERM', async () => {
    const shutdown = jest.fn(async () => undefined);
    const exits = install(shutdown);
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect(shutdown).toHaveBeenCalledWith('SIGTERM');
    expect(exits).toEqual([0]);
  });

  it('exits 1 when the shutdown fails or times out', async () => {
    const exits = install(async () => {
      throw new Error('graceful shutdown timed out after 10000 ms');
    });
    process.emit('SIGINT', 'SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([1]);
  });

  it('forces exit 1 on a second signal', async () => {
    const exits = install(() => new Promise<void>(() => undefined));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
  });
});
