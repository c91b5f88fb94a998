import { repoRoot } from '@shop/testing';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_PORTS, type AppName } from '../faults/support/system';
import { listenError, PortHolder } from './port-holder';

// `make up` is all or nothing, and no outgoing connection can take a port it
// listens on (docs/conventions.md#local-ports). Found by a new user: `make up`
// died with EADDRINUSE 0.0.0.0:50054 because inventory's Kafka client had been
// handed 50054 as its source port, and the six other apps stayed up.

const root = repoRoot(__dirname);
const APPS = Object.keys(ADMIN_PORTS) as AppName[];
/** The gRPC ports local mode used before: inside the kernel's ephemeral range (32768-60999). */
const FORMER_GRPC_PORTS = [50051, 50052, 50053, 50054, 50055];
const GATEWAY_HTTP_PORT = 8080;

async function makeUp(): Promise<{ exitCode: number | null; output: string }> {
  const child = spawn('make', ['up'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  return { exitCode, output };
}

const stopApps = () => promisify(execFile)('bash', [join(root, 'scripts/local/stop-apps.sh')], { cwd: root });

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Apps with a pid file or an admin port that answers: what `make up` left behind. */
async function appsStillThere(): Promise<string[]> {
  const left: string[] = [];
  for (const app of APPS) {
    if (existsSync(join(root, '.local', 'pids', `${app}.pid`))) left.push(`${app} (pid file)`);
    if (await accepts(ADMIN_PORTS[app])) left.push(`${app} (admin port ${ADMIN_PORTS[app]})`);
  }
  return left;
}

/** The ports an app listens on in local mode: its *_PORT variables in deploy/local/<app>.env. */
function localPorts(app: AppName): number[] {
  const env = readFileSync(join(root, 'deploy', 'local', `${app}.env`), 'utf8');
  return [...env.matchAll(/^(?:HTTP|GRPC|ADMIN)_PORT=(\d+)$/gm)].map((match) => Number(match[1]));
}

/** `address:port` of every listening TCP socket on the machine (`ss -ltnH`: the kernel's own list). */
async function listeningSockets(): Promise<Array<{ address: string; port: number }>> {
  const { stdout } = await promisify(execFile)('ss', ['-ltnH']);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const at = local.lastIndexOf(':');
      return { address: local.slice(0, at), port: Number(local.slice(at + 1)) };
    });
}

const infraRunning = () =>
  promisify(execFile)('bash', [join(root, 'scripts/infra/status.sh')], { cwd: root }).then(
    () => true,
    () => false,
  );

describe('make up', () => {
  beforeAll(async () => {
    await stopApps();
  });

  afterAll(async () => {
    await stopApps();
  });

  it('an app that cannot start: make up exits non-zero, names it and why, and leaves nothing of its own running', async () => {
    expect(await infraRunning()).toBe(true); // started by make test before: not make up's to stop
    // The gateway starts last, so six apps are up when it fails on its port.
    const holder = await PortHolder.hold([GATEWAY_HTTP_PORT]);
    let result: Awaited<ReturnType<typeof makeUp>>;
    try {
      expect((await listenError(GATEWAY_HTTP_PORT))?.code).toBe('EADDRINUSE');
      result = await makeUp();
    } finally {
      await holder.release();
    }

    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('ERROR: gateway exited during start-up');
    expect(result.output).toContain('EADDRINUSE'); // the app's last log lines say why
    expect(result.output).toContain('stopping what it started');
    expect(await appsStillThere()).toEqual([]);
    expect(await infraRunning()).toBe(true);
  });

  it('the incident replayed: outgoing connections on 50051-50055 while it starts; every app comes up (and after a failure)', async () => {
    const holder = await PortHolder.hold(FORMER_GRPC_PORTS);
    let result: Awaited<ReturnType<typeof makeUp>>;
    try {
      // The control: the holder really blocks a listener there, as inventory's Kafka client did.
      expect((await listenError(50054))?.code).toBe('EADDRINUSE');
      result = await makeUp();
    } finally {
      await holder.release();
    }

    expect({ exitCode: result.exitCode, tail: result.output.split('\n').slice(-15) }).toEqual({
      exitCode: 0,
      tail: expect.arrayContaining([expect.stringContaining('system is up')]),
    });
    for (const app of APPS) {
      const ready = await fetch(`http://127.0.0.1:${ADMIN_PORTS[app]}/readyz`);
      expect({ app, status: ready.status }).toEqual({ app, status: 200 });
    }
  });

  it('binds every listener of every app to the loopback only (BIND_HOST=127.0.0.1, deploy/local/services.env)', async () => {
    // Runs on the system the test above brought up.
    const sockets = await listeningSockets();
    for (const app of APPS) {
      const ports = localPorts(app);
      expect(ports.length).toBeGreaterThanOrEqual(2); // the admin port and a serving port
      for (const port of ports) {
        const bound = sockets.filter((socket) => socket.port === port).map((socket) => socket.address);
        // 0.0.0.0, [::] or a LAN address here would expose /metrics and the API to the network.
        expect({ app, port, bound }).toEqual({ app, port, bound: ['127.0.0.1'] });
      }
    }
  });
});
