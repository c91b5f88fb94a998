import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test puts between a service and a real dependency (here the
 * shared Redis) to break the link without touching the dependency, which other
 * tests use at the same time:
 * - `pass`: bytes flow both ways;
 * - `stall`: connections stay open, bytes are held back (a slow or hung server);
 *   back to `pass`, the held bytes flow on in order;
 * - `refuse`: every connection is closed at once, new ones too (a server that is down).
 */
export class FaultyTcpProxy {
  private mode: 'pass' | 'stall' | 'refuse' = 'pass';
  private readonly links = new Set<Link>();

  private constructor(private readonly server: Server) {}

  static async start(port: number, target: { host: string; port: number }): Promise<FaultyTcpProxy> {
    const server = createServer();
    const proxy = new FaultyTcpProxy(server);
    server.on('connection', (client) => proxy.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  pass(): void {
    this.mode = 'pass';
    for (const link of this.links) link.flush();
  }

  stall(): void {
    this.mode = 'stall';
  }

  refuse(): void {
    this.mode = 'refuse';
    for (const link of this.links) link.close();
  }

  async stop(): Promise<void> {
    this.refuse();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = createConnection(target);
    const link = new Link(client, upstream, () => this.mode === 'stall');
    this.links.add(link);
    link.onClose(() => this.links.delete(link));
  }
}

/** One proxied connection: client <-> upstream, with held-back chunks while stalled. */
class Link {
  private readonly held: Array<{ to: Socket; chunk: Buffer }> = [];

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly stalled: () => boolean,
  ) {
    client.on('data', (chunk: Buffer) => this.forward(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => this.forward(client, chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.close());
      socket.on('close', () => this.close());
    }
  }

  onClose(listener: () => void): void {
    this.client.once('close', listener);
  }

  flush(): void {
    for (const { to, chunk } of this.held.splice(0)) to.write(chunk);
  }

  close(): void {
    this.held.length = 0;
    this.client.destroy();
    this.upstream.destroy();
  }

  private forward(to: Socket, chunk: Buffer): void {
    if (this.stalled()) this.held.push({ to, chunk });
    else to.write(chunk);
  }
}
