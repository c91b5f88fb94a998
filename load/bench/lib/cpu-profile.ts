// A CPU profile of a RUNNING service, without restarting it: SIGUSR1 opens Node's inspector on
// 127.0.0.1:9229 (a documented signal: nodejs.org/api/process.html#signal-events), the Chrome
// DevTools Protocol's Profiler domain samples for a while, and the result is the same
// .cpuprofile `node --cpu-prof` writes (open it in Chrome DevTools or speedscope). The inspector
// stays open until the process restarts: local mode only (make down / make up closes it).
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotFunction {
  name: string;
  /** Where: a package (node_modules/<name>), a repository path, or node's own code. */
  where: string;
  selfPercent: number;
}

/** Self time per function and per package, highest first (pure, from a .cpuprofile). */
export function hotSpots(
  profile: CpuProfile,
  top = 15,
): { functions: HotFunction[]; packages: Record<string, number> } {
  // Percentages of busy time: the (idle) node is the event loop waiting, not work.
  const busy = profile.nodes.filter((node) => node.callFrame.functionName !== '(idle)');
  const total = busy.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, HotFunction>();
  const byPackage = new Map<string, number>();
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes)
    for (const child of node.children ?? []) {
      const found = byId.get(child);
      if (found) parent.set(found.id, node);
    }
  for (const node of busy) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    // A native function (writev, a hash...) has no script: name the library or app code that
    // called it, above node's own internals (node:net...), which would say nothing.
    let caller: ProfileNode | undefined = node;
    while (caller && (!caller.callFrame.url || caller.callFrame.url.startsWith('node:')))
      caller = parent.get(caller.id);
    const frame =
      node.callFrame.url || !caller || node.callFrame.functionName.startsWith('(')
        ? node.callFrame
        : caller.callFrame;
    const where = locate(frame.url);
    const own = node.callFrame.functionName || '(anonymous)';
    const name = frame === node.callFrame ? own : `${own} <- ${frame.functionName || '(anonymous)'}`;
    const key = `${name} ${where}:${frame.lineNumber + 1}`;
    const entry = byFunction.get(key) ?? { name, where: `${where}:${frame.lineNumber + 1}`, selfPercent: 0 };
    entry.selfPercent += (hits / total) * 100;
    byFunction.set(key, entry);
    const pkg = packageOf(where);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + (hits / total) * 100);
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    functions: [...byFunction.values()]
      .sort((a, b) => b.selfPercent - a.selfPercent)
      .slice(0, top)
      .map((f) => ({ ...f, selfPercent: round(f.selfPercent) })),
    packages: Object.fromEntries(
      [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, v]) => [k, round(v)]),
    ),
  };
}

/** node_modules/<pkg> (scoped too), the app's own built code, node's internals, or native time. */
function packageOf(where: string): string {
  if (where.startsWith('node_modules/')) {
    const parts = where.split('/');
    return parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/');
  }
  if (where.startsWith('dist/')) return 'app code (dist/)';
  return where.startsWith('node:') ? 'node internals' : where;
}

function locate(url: string): string {
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return url;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

/** Samples `pid` for `durationMs` through its inspector and writes the profile to `file`. */
export async function profileProcess(pid: number, durationMs: number, file: string): Promise<CpuProfile> {
  process.kill(pid, 'SIGUSR1');
  let target: { webSocketDebuggerUrl?: string } | undefined;
  for (let attempt = 0; attempt < 20 && !target?.webSocketDebuggerUrl; attempt++) {
    await sleep(250);
    target = await fetch('http://127.0.0.1:9229/json/list')
      .then((r) => r.json() as Promise<{ webSocketDebuggerUrl?: string }[]>)
      .then((list) => list[0])
      .catch(() => undefined);
  }
  if (!target?.webSocketDebuggerUrl) throw new Error(`no inspector on 127.0.0.1:9229 for pid ${pid}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 1_000 });
    await call('Profiler.start');
    await sleep(durationMs);
    const { profile } = (await call('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(file, JSON.stringify(profile));
    return profile;
  } finally {
    socket.close();
  }
}
