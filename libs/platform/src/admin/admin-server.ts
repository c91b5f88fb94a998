import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthRegistry } from '../health/health-registry';
import type { ServiceLifecycle } from '../lifecycle/service-lifecycle';

export interface AdminServerSettings {
  host: string;
  port: number;
  service: string;
  version: string;
  health: HealthRegistry;
  lifecycle: ServiceLifecycle;
  /** Prometheus text exposition; the PrometheusExporter's request handler. */
  metrics: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface AdminServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The admin port: plain node:http, separate from the public ports,
 * never routed by an ingress.
 * - /livez:   200 while the event loop answers; no dependency checks, so a
 *             database blip never gets a healthy pod restarted.
 * - /readyz:  200 only when not starting/shutting down and every dependency
 *             check passes; 503 naming what fails otherwise.
 * - /healthz: JSON detail: status, uptime, per-dependency status and latency.
 * - /metrics: the service's single Prometheus registry.
 */
export async function startAdminServer(settings: AdminServerSettings): Promise<AdminServer> {
  const server = createServer((request, response) => {
    handle(settings, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { status: 'error', error: String(error) });
      else response.destroy();
    });
  });
  // Probes are short: bound idle keep-alive sockets so they never hold shutdown.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(settings: AdminServerSettings, request: IncomingMessage, response: ServerResponse) {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return sendJson(response, 405, { error: 'method not allowed' });
  switch (path) {
    case '/livez':
      return sendJson(response, 200, { status: 'ok' });
    case '/readyz':
      return readiness(settings, response);
    case '/healthz':
      return health(settings, response);
    case '/metrics':
      return settings.metrics(request, response);
    default:
      return sendJson(response, 404, {
        error: 'not found',
        routes: ['/livez', '/readyz', '/healthz', '/metrics'],
      });
  }
}

async function readiness(settings: AdminServerSettings, response: ServerResponse) {
  const { phase } = settings.lifecycle;
  // The moment shutdown starts readiness fails, without waiting on any check.
  if (phase !== 'running') return sendJson(response, 503, { status: 'not_ready', phase });
  const report = await settings.health.run();
  if (settings.lifecycle.phase !== 'running') {
    return sendJson(response, 503, { status: 'not_ready', phase: settings.lifecycle.phase });
  }
  if (report.ok) return sendJson(response, 200, { status: 'ready' });
  const failing = report.dependencies.filter((dependency) => dependency.status === 'down');
  return sendJson(response, 503, { status: 'not_ready', phase, failing });
}

async function health(settings: AdminServerSettings, response: ServerResponse) {
  const report = await settings.health.run();
  const { phase } = settings.lifecycle;
  const ok = report.ok && phase === 'running';
  sendJson(response, ok ? 200 : 503, {
    status: ok ? 'up' : 'down',
    phase,
    service: settings.service,
    version: settings.version,
    uptime_seconds: Math.round((Date.now() - settings.lifecycle.startedAt) / 1000),
    dependencies: Object.fromEntries(report.dependencies.map(({ name, ...rest }) => [name, rest])),
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  response.end(payload);
}
