// Evidence of what limits a figure, read from the machine while the bench runs: CPU per process
// group from /proc (utime + stime deltas), the whole machine's busy share (/proc/stat), the apps'
// event-loop delay from their /metrics, and the child processes the bench starts (baselines).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A process's group name: the app a recorded PID belongs to, else what runs (postgres, kafka...). */
export type Grouper = (pid: number, comm: string, cmdline: string) => string | undefined;

interface CpuSnapshot {
  at: number;
  ticks: Map<string, number>;
  machine: { busy: number; total: number };
}

function readMachine(): { busy: number; total: number } {
  const cpu =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.reduce((sum, v) => sum + v, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

export function snapshotCpu(group: Grouper): CpuSnapshot {
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
      const cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').replace(/\0/g, ' ');
      const name = group(Number(entry), comm, cmdline);
      if (name) ticks.set(name, (ticks.get(name) ?? 0) + used);
    } catch {
      // The process ended between readdir and read: its CPU is lost, as with any sampling.
    }
  }
  return { at: performance.now(), ticks, machine: readMachine() };
}

/** CPU used between two snapshots, in % of one core per group (200 % = both cores), highest first. */
export function cpuBetween(
  before: CpuSnapshot,
  after: CpuSnapshot,
): { machineBusyPercent: number; perGroup: Record<string, number> } {
  const seconds = (after.at - before.at) / 1000;
  const perGroup: [string, number][] = [];
  for (const [name, ticks] of after.ticks) {
    const used = ticks - (before.ticks.get(name) ?? ticks); // a process born in between: not counted
    perGroup.push([name, Math.round((used / TICKS_PER_SECOND / seconds) * 1000) / 10]);
  }
  perGroup.sort((a, b) => b[1] - a[1]);
  const total = after.machine.total - before.machine.total;
  return {
    machineBusyPercent:
      total > 0 ? Math.round(((after.machine.busy - before.machine.busy) / total) * 1000) / 10 : 0,
    perGroup: Object.fromEntries(perGroup.filter(([, percent]) => percent > 0)),
  };
}

/** The local mode's processes by name: apps from .local/pids, infrastructure by command. */
export function localGrouper(pidDir: string, extra: Record<number, string> = {}): Grouper {
  const apps = new Map<number, string>();
  try {
    for (const file of readdirSync(pidDir))
      if (file.endsWith('.pid'))
        apps.set(Number(readFileSync(join(pidDir, file), 'utf8').trim()), file.slice(0, -4));
  } catch {
    // No system started by make up: infrastructure only.
  }
  return (pid, comm, cmdline) => {
    const named = extra[pid] ?? apps.get(pid);
    if (named) return named;
    if (comm === 'postgres' || comm.startsWith('postgres')) return 'postgres';
    if (comm === 'java' && cmdline.includes('kafka')) return 'kafka';
    if (comm.startsWith('redis-server')) return 'redis';
    if (comm === 'jaeger' || cmdline.includes('jaeger')) return 'jaeger';
    if (comm === 'mailpit') return 'mailpit';
    return `other: ${comm}`;
  };
}

/** Event-loop delay and a few runtime gauges from an app's Prometheus endpoint. */
export async function eventLoopMetrics(adminUrl: string): Promise<Record<string, number>> {
  try {
    const text = await (await fetch(`${adminUrl}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const found: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const match = /^(nodejs_eventloop_(?:delay|utilization)[a-z0-9_]*)(?:\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(
        line,
      );
      if (match?.[1] && match[2]) found[match[1]] = Number(match[2]);
    }
    return found;
  } catch {
    return {};
  }
}

/** Starts `node <script>` with `env`, resolves once `ready()` holds (bounded), logs to `logFile`. */
export async function startNode(
  script: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trim()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trim()));
  for (const deadline = performance.now() + 20_000; performance.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) return child;
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`${script} did not become ready in 20 s`);
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(5_000, 'timeout')])) === 'timeout') child.kill('SIGKILL');
}

/** sum and count of the messaging histograms: per consumer group, and per outbox relay. */
export type PipelineCounters = Map<string, { sum: number; count: number }>;

export async function pipelineCounters(adminUrls: readonly string[]): Promise<PipelineCounters> {
  const counters: PipelineCounters = new Map();
  for (const url of adminUrls) {
    const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.text())
      .catch(() => '');
    for (const line of text.split('\n')) {
      const match =
        /^(consumer_handle_duration_seconds|outbox_publish_lag_seconds)_(sum|count)\{(?:consumer|service)="([^"]+)"[^}]*\}\s+([0-9.eE+-]+)/.exec(
          line,
        );
      if (!match?.[1] || !match[2] || !match[3] || !match[4]) continue;
      const key = `${match[1] === 'consumer_handle_duration_seconds' ? 'consumer' : 'outbox relay'} ${match[3]}`;
      const entry = counters.get(key) ?? { sum: 0, count: 0 };
      entry[match[2] as 'sum' | 'count'] += Number(match[4]);
      counters.set(key, entry);
    }
  }
  return counters;
}

export interface PipelineStage {
  /** Messages handled (consumer) or events published (relay) per second. */
  perSecond: number;
  /** Mean handling time (consumer, retries included) or commit -> Kafka ack lag (relay), ms. */
  meanMs: number;
  /** Consumer only: seconds of handling per second. Near the consumer's concurrency = saturated. */
  busy?: number;
}

/** What each consumer group and relay did between two scrapes `seconds` apart. */
export function pipelineBetween(
  before: PipelineCounters,
  after: PipelineCounters,
  seconds: number,
): Record<string, PipelineStage> {
  const stages: Record<string, PipelineStage> = {};
  for (const [key, end] of after) {
    const start = before.get(key) ?? { sum: 0, count: 0 };
    const count = end.count - start.count;
    const sum = end.sum - start.sum;
    if (count <= 0) continue;
    stages[key] = {
      perSecond: Math.round((count / seconds) * 10) / 10,
      meanMs: Math.round((sum / count) * 10_000) / 10,
      ...(key.startsWith('consumer') ? { busy: Math.round((sum / seconds) * 100) / 100 } : {}),
    };
  }
  return stages;
}
