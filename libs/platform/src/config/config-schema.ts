import { z } from 'zod';

// Reusable field types: every service declares its variables with these, so the
// same variable name means the same thing in local mode, compose and Kubernetes.
export const port = () => z.coerce.number().int().min(1).max(65535);
export const positiveInt = () => z.coerce.number().int().positive();
export const ratio = () => z.coerce.number().min(0).max(1);
export const url = () => z.url();
/** `a, b,,c` -> `['a', 'b', 'c']`: trimmed, empty entries dropped; pipe it into the items' schema. */
export const commaList = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );
export const booleanFlag = () =>
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Variables every service has. Service schemas extend this one. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  SERVICE_VERSION: z.string().min(1).default('0.0.0-dev'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Admin port: /metrics, /livez, /readyz, /healthz. Never exposed publicly. */
  ADMIN_PORT: port(),
  /**
   * The address every listener of the service binds: HTTP, gRPC and the admin port.
   * 0.0.0.0 in containers, where kubelet probes, Prometheus and Service traffic
   * arrive at the pod IP (the admin port stays private: no Service/Ingress routes
   * it and the mesh denies it). Local mode sets 127.0.0.1
   * (deploy/local/services.env): on a laptop on a shared network nothing of the
   * shop, /metrics included, is reachable from another machine.
   */
  BIND_HOST: z.string().min(1).default('0.0.0.0'),
  /** Upper bound for a graceful shutdown; the process exits when it is reached. */
  SHUTDOWN_TIMEOUT_MS: positiveInt().default(10_000),
  /**
   * Pause between "readiness fails" and "stop accepting work" on SIGTERM.
   * Kubernetes removes a terminating pod from endpoints asynchronously, so for a few
   * seconds proxies still send it traffic; 0 locally, ~5000 in Kubernetes.
   */
  SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Traces are exported over OTLP/HTTP only when this is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url().optional(),
  /** Parent-based ratio sampler: the share of new root traces recorded. */
  OTEL_TRACES_SAMPLER_RATIO: ratio().default(1),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
