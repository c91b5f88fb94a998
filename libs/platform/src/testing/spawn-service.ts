import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { repoRoot, waitUntil } from '@shop/testing';

export interface SpawnedService {
  readonly child: ChildProcess;
  readonly adminUrl: string;
  /** Parsed JSON log lines of stdout so far. */
  readonly logs: Record<string, unknown>[];
  readonly stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  waitForReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM (or `signal`); resolves with the exit code. Kills with SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** `count` distinct free TCP ports on 127.0.0.1 (all held open together, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<Server>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** One free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/** fetch bounded in time: a test polls, it never hangs on a socket nobody answers. */
export function fetchWithTimeout(url: string, init: RequestInit = {}, timeoutMs = 2_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * Spawns a compiled service (`node dist/<script>`) exactly as it runs in a
 * container: a real process, configured only by environment variables.
 */
export function spawnService(script: string, env: Record<string, string>, adminPort: number): SpawnedService {
  const root = repoRoot();
  const inherited = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  const child = spawn(process.execPath, [join(root, 'dist', script)], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stdoutBuffer = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutBuffer += chunk.toString('utf8');
    const lines = stdoutBuffer.split('\n');
    stdoutBuffer = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) logs.push(parseLine(line));
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const adminUrl = `http://127.0.0.1:${adminPort}`;

  return {
    child,
    adminUrl,
    logs,
    stderr: () => stderr,
    exited,
    waitForReady: async (timeoutMs = 30_000) => {
      let exitCode: number | null | undefined;
      void exited.then((code) => (exitCode = code));
      await waitUntil(
        async () => {
          if (exitCode !== undefined)
            throw new Error(`service exited with ${exitCode}: ${stderr.slice(-2_000)}`);
          return (await fetchWithTimeout(`${adminUrl}/readyz`)).status === 200;
        },
        { timeoutMs, description: `${script} to become ready` },
      );
    },
    stop: async (signal = 'SIGTERM', timeoutMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { raw: line };
  }
}
