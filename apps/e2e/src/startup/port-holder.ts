import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * Outgoing TCP connections sitting on given local ports: what an app's Kafka
 * client or database pool looks like to the kernel once it has been handed a
 * source port. While one sits on a port, nothing can listen on it (EADDRINUSE).
 *
 * Python, not Node, makes the sockets: libuv sets SO_REUSEADDR on every socket
 * it binds, and Linux lets a listener share a port with a connected socket that
 * has it. The socket the kernel gives a client that never called bind() does
 * not have it, and neither does a plain Python socket: the same collision.
 */
export class PortHolder {
  private constructor(
    private readonly process: ChildProcess,
    private readonly peer: Server,
  ) {}

  /** Holds each port with one connection to a listener of the test's own; resolves once all are held. */
  static async hold(ports: readonly number[]): Promise<PortHolder> {
    const peer = createServer((socket) => socket.on('error', () => undefined));
    peer.listen(0, '127.0.0.1');
    await once(peer, 'listening');
    const peerPort = (peer.address() as { port: number }).port;
    const script = [
      'import socket, struct, sys',
      'held = []',
      'for port in map(int, sys.argv[2:]):',
      '    s = socket.socket()  # no SO_REUSEADDR, like a client socket the kernel bound',
      "    s.bind(('127.0.0.1', port))",
      "    s.connect(('127.0.0.1', int(sys.argv[1])))",
      '    held.append(s)',
      "print('held', flush=True)",
      'sys.stdin.read()  # until the test closes stdin',
      '# Close with a reset, not a FIN: an orderly close would leave each port in TIME_WAIT for',
      '# a minute, and a socket without SO_REUSEADDR blocks a listener even then.',
      'for s in held:',
      "    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
      '    s.close()',
    ].join('\n');
    const child = spawn('python3', ['-c', script, String(peerPort), ...ports.map(String)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const holder = new PortHolder(child, peer);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.on('error', (error) =>
          reject(new Error(`cannot run python3 (needed to hold ports): ${error.message}`, { cause: error })),
        );
        child.on('exit', (code) => reject(new Error(`the port holder exited (${code}): ${stderr}`)));
        createInterface({ input: child.stdout }).once('line', resolve);
      });
      if (line !== 'held') throw new Error(`the port holder said ${line}`);
      return holder;
    } catch (error) {
      await holder.release();
      throw error;
    }
  }

  async release(): Promise<void> {
    if (
      this.process.exitCode === null &&
      this.process.signalCode === null &&
      this.process.pid !== undefined
    ) {
      const exited = once(this.process, 'exit');
      this.process.stdin?.end();
      await exited;
    }
    await new Promise<void>((resolve) => this.peer.close(() => resolve()));
  }
}

/** The error of listening on a port the way the apps do (all interfaces), or undefined when it works. */
export async function listenError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  const server = createServer();
  try {
    return await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once('error', resolve);
      server.listen(port, '0.0.0.0', () => resolve(undefined));
    });
  } finally {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
