export type LifecyclePhase = 'starting' | 'running' | 'draining' | 'stopping' | 'stopped';

/**
 * Where the process is in its life, read by the admin server and by the HTTP and
 * gRPC admission checks:
 * - starting: readiness fails until every server listens;
 * - running:  readiness = dependency checks;
 * - draining: SIGTERM received; readiness fails at once so endpoints drop the
 *   pod, requests are still served (proxies may not know yet) with `connection: close`;
 * - stopping: servers refuse new work (503 / UNAVAILABLE), in-flight work finishes;
 * - stopped.
 */
export class ServiceLifecycle {
  private current: LifecyclePhase = 'starting';
  readonly startedAt = Date.now();

  get phase(): LifecyclePhase {
    return this.current;
  }

  /** True once shutdown has begun: long loops (consumers, relays) stop taking new work. */
  get isShuttingDown(): boolean {
    return this.current === 'draining' || this.current === 'stopping' || this.current === 'stopped';
  }

  /** New requests are admitted before and during the drain delay, not after. */
  get isAcceptingWork(): boolean {
    return this.current === 'starting' || this.current === 'running' || this.current === 'draining';
  }

  markRunning(): void {
    if (this.current === 'starting') this.current = 'running';
  }

  beginDrain(): void {
    if (!this.isShuttingDown) this.current = 'draining';
  }

  stopAccepting(): void {
    if (this.current !== 'stopped') this.current = 'stopping';
  }

  markStopped(): void {
    this.current = 'stopped';
  }
}
