import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** dist/ build of relay-process.ts (jest.integration.config.js builds dist/ before the tests). */
export const RELAY_PROCESS_JS = resolve(
  __dirname,
  '../../../../dist/libs/messaging/src/testing/relay-process.js',
);

export interface RelayProcess {
  readonly child: ChildProcess;
  /** Resolves when the process logs that it holds the leader lock. */
  readonly leader: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Everything the process wrote, for failure messages. */
  readonly output: () => string;
  /** Resolves as soon as `text` has appeared `times` times in the output (no polling delay). */
  readonly seen: (text: string, times: number) => Promise<void>;
}

/** Starts `node dist/.../relay-process.js` with the given environment. */
export function spawnRelayProcess(env: Record<string, string>): RelayProcess {
  const { NODE_OPTIONS: _jestOnly, ...inherited } = process.env;
  const child = spawn(process.execPath, [RELAY_PROCESS_JS], {
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers: Array<{ text: string; times: number; done: () => void }> = [];
  const occurrences = (text: string) => output.split(text).length - 1;
  const check = () => {
    for (const watcher of [...watchers]) {
      if (occurrences(watcher.text) < watcher.times) continue;
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.done();
    }
  };
  const seen = (text: string, times: number) =>
    new Promise<void>((done) => {
      watchers.push({ text, times, done });
      check();
    });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    check();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | NodeJS.Signals | null>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(signal ?? code)),
  );
  const leader = seen('"msg":"outbox relay is the leader"', 1);
  return { child, leader, exited, output: () => output, seen };
}
