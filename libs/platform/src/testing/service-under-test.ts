import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import type { z } from 'zod';
import { runService, type RunServiceOptions, type ServiceHandle } from '../bootstrap/run-service';
import type { BaseConfig } from '../config/config-schema';
import { captureLogs, repoRoot, waitUntil } from '@shop/testing';

/**
 * A service a test started, the same handle whichever way it started: in this
 * process (`inProcess`) or as its own process (`spawned`). The service is
 * configured only by `env`, as in a container; its URLs come from that env.
 */
export interface ServiceUnderTest {
  /** http://127.0.0.1:<ADMIN_PORT>: /readyz, /metrics. */
  readonly adminUrl: string;
  /** 127.0.0.1:<GRPC_PORT>, when the env gives one. */
  readonly grpcUrl: string;
  /** http://127.0.0.1:<HTTP_PORT>, when the env gives one. */
  readonly httpUrl: string;
  /** Every JSON log line the service wrote so far (`{ msg }` or `{ raw }` for a line that is not JSON). */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves once /readyz answers 200; fails at once when a spawned service exits. */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** The graceful shutdown; a spawned service resolves with its exit code. */
  stop(): Promise<unknown>;
}

/** A service booted in this process: the test reaches its Nest providers through `handle.app`. */
export interface InProcessService<Config> extends ServiceUnderTest {
  readonly handle: ServiceHandle<Config>;
}

/** A service running as its own process: the test can signal it, SIGKILL included (a crash). */
export interface SpawnedService extends ServiceUnderTest {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
  /** SIGTERM (or `signal`); resolves with the exit code. Kills with SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export type InProcessOptions<Schema extends z.ZodType<BaseConfig>> = Omit<
  RunServiceOptions<Schema>,
  'env' | 'manageProcess'
> & { env: Record<string, string> };

/**
 * The service booted in this process exactly as its main.ts boots it
 * (runService), for tests that need spies or Nest providers. It never exits
 * the test process: a start-up failure rejects instead.
 */
export async function inProcess<Schema extends z.ZodType<BaseConfig>>(
  options: InProcessOptions<Schema>,
): Promise<InProcessService<z.infer<Schema>>> {
  const env = withDefaults(options.name, options.env);
  const captured = captureLogs();
  const handle = await runService({
    ...options,
    env,
    manageProcess: false,
    logDestination: options.logDestination ?? captured.destination,
  });
  return {
    ...urls(env),
    handle,
    logs: captured.logs,
    waitForReady: async (timeoutMs = 30_000) => {
      await waitForReadyz(urls(env).adminUrl, options.name, timeoutMs);
    },
    stop: () => handle.shutdown('test finished'),
  };
}

/**
 * The compiled service (`node dist/apps/<app>/src/main.js`, the image's
 * command; the integration globalSetup builds dist/) as a real process, for
 * crash tests, signals and services a test may not import. `script` instead of
 * `app` runs another compiled entry point (a platform probe service).
 */
export function spawned(
  options: ({ app: string } | { script: string }) & { env: Record<string, string> },
): SpawnedService {
  const script = 'app' in options ? `dist/apps/${options.app}/src/main.js` : options.script;
  const name = 'app' in options ? options.app : script;
  const env = 'app' in options ? withDefaults(options.app, options.env) : options.env;
  const root = repoRoot();
  const inherited = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  const child = spawn(process.execPath, [join(root, script)], {
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
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const whyNotReady = () =>
    `${name} exited with ${child.exitCode ?? child.signalCode}: ${stderr.slice(-2_000)}${lastLogs(logs)}`;

  return {
    ...urls(env),
    child,
    logs,
    stderr: () => stderr,
    exited,
    waitForReady: (timeoutMs = 30_000) =>
      waitForReadyz(urls(env).adminUrl, name, timeoutMs, hasExited).then((outcome) => {
        if (outcome === 'gone') throw new Error(whyNotReady());
      }),
    stop: async (signal = 'SIGTERM', timeoutMs = 15_000) => {
      if (hasExited()) return child.exitCode;
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

/** What every service under test shares: its name, the test environment, loopback only. */
function withDefaults(name: string, env: Record<string, string>): Record<string, string> {
  return { SERVICE_NAME: name, NODE_ENV: 'test', BIND_HOST: '127.0.0.1', ...env };
}

function urls(env: Record<string, string>) {
  return {
    adminUrl: `http://127.0.0.1:${env['ADMIN_PORT']}`,
    grpcUrl: `127.0.0.1:${env['GRPC_PORT']}`,
    httpUrl: `http://127.0.0.1:${env['HTTP_PORT']}`,
  };
}

/** 'ready', or 'gone' as soon as `hasExited` says so: waiting out the timeout would only hide why. */
function waitForReadyz(
  adminUrl: string,
  name: string,
  timeoutMs: number,
  hasExited: () => boolean = () => false,
): Promise<'ready' | 'gone'> {
  return waitUntil(
    async () => {
      if (hasExited()) return 'gone';
      return (await fetchWithTimeout(`${adminUrl}/readyz`, {}, 1_000)).status === 200 && 'ready';
    },
    { timeoutMs, intervalMs: 200, description: `${name} to become ready` },
  );
}

function lastLogs(logs: Array<Record<string, unknown>>): string {
  return logs.length
    ? `\n${logs
        .slice(-10)
        .map((line) => JSON.stringify(line))
        .join('\n')}`
    : '';
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { raw: line };
  }
}
