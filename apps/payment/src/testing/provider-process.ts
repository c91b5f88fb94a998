import { repoRoot, waitUntil } from '@shop/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ProviderCharge {
  id: string;
  status: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  refunded: boolean;
  reference: string | null;
  failure_code: string | null;
}

/**
 * The REAL payment-provider app, spawned exactly as it runs in a container
 * (`node dist/apps/payment-provider/src/main.js`), on the test's own ports.
 */
export class ProviderProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly adminUrl: string,
    private readonly stderr: () => string,
  ) {}

  static async start(httpPort: number, adminPort: number): Promise<ProviderProcess> {
    let stderr = '';
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/apps/payment-provider/src/main.js')], {
      cwd: repoRoot(),
      env: {
        PATH: process.env['PATH'] ?? '',
        SERVICE_NAME: 'payment-provider',
        HTTP_PORT: String(httpPort),
        ADMIN_PORT: String(adminPort),
        BIND_HOST: '127.0.0.1',
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
      stdio: ['ignore', process.env['TEST_LOG_LEVEL'] ? 'inherit' : 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const provider = new ProviderProcess(
      child,
      `http://127.0.0.1:${httpPort}`,
      `http://127.0.0.1:${adminPort}`,
      () => stderr,
    );
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`payment-provider exited: ${provider.stderr()}`);
        const response = await fetch(`${provider.adminUrl}/readyz`, { signal: AbortSignal.timeout(1_000) });
        return response.ok;
      },
      { description: 'the payment provider to be ready' },
    );
    return provider;
  }

  async setKnobs(knobs: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.url}/v1/_simulator/knobs`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(knobs),
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) throw new Error(`knobs: ${response.status} ${await response.text()}`);
  }

  async resetKnobs(): Promise<void> {
    await fetch(`${this.url}/v1/_simulator/knobs`, { method: 'DELETE', signal: AbortSignal.timeout(2_000) });
  }

  /** Test-only counters: money-moving requests received, and in flight right now. */
  async stats(): Promise<{ received: number; inFlight: number }> {
    const response = await fetch(`${this.url}/v1/_simulator/stats`, { signal: AbortSignal.timeout(2_000) });
    return (await response.json()) as { received: number; inFlight: number };
  }

  /** Every charge the provider holds for a merchant reference (our order id). */
  async charges(reference: string): Promise<ProviderCharge[]> {
    const response = await fetch(`${this.url}/v1/charges?reference=${encodeURIComponent(reference)}`, {
      signal: AbortSignal.timeout(2_000),
    });
    return ((await response.json()) as { data: ProviderCharge[] }).data;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
