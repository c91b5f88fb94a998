import { repoRoot, waitUntil } from '@shop/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface OrderProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the compiled order service as a real process configured only by
 * environment variables (main.js, in the Kafka namespace of KAFKA_TOPIC_PREFIX),
 * so a test can SIGKILL it at any point: no shutdown hook runs, exactly a crash.
 */
export function spawnOrderService(env: Record<string, string>): OrderProcess {
  // Without a prefix the process would consume and produce on the running system's topics.
  if (!env['KAFKA_TOPIC_PREFIX'])
    throw new Error('KAFKA_TOPIC_PREFIX is required: a test never uses the real topics');
  const root = repoRoot();
  const child = spawn(process.execPath, [join(root, 'dist/apps/order/src/main.js')], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    exited,
    output: () => output,
    waitForReady: async (timeoutMs = 60_000) => {
      await waitUntil(
        async () => {
          if (exitCode !== undefined)
            throw new Error(`order exited with ${exitCode}: ${output.slice(-2_000)}`);
          const response = await fetch(`http://127.0.0.1:${env['ADMIN_PORT']}/readyz`, {
            signal: AbortSignal.timeout(1_000),
          });
          return response.status === 200;
        },
        { timeoutMs, intervalMs: 200, description: 'the order process to become ready' },
      );
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
