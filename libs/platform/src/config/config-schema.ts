import { z } from 'zod';

// Reusable field types: every service declares its variables with these, so the
// same variable name means the same thing in local mode, compose and Kubernetes (P25).
export const port = () => z.coerce.number().int().min(1).max(65535);
export const positiveInt = () => z.coerce.number().int().positive();
export const ratio = () => z.coerce.number().min(0).max(1);
export const url = () => z.url();
export const booleanFlag = () =>
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Variables every service has. Service schemas extend this one. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  SERVICE_VERSION: z.string().min(1).default('0.0.0-dev'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Admin port: /metrics, /livez, /readyz, /healthz. Never exposed publicly (P24). */
  ADMIN_PORT: port(),
  /** Upper bound for a graceful shutdown; the process exits when it is reached (P19). */
  SHUTDOWN_TIMEOUT_MS: positiveInt().default(10_000),
  /** Traces are exported over OTLP/HTTP only when this is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url().optional(),
  /** Parent-based ratio sampler: the share of new root traces recorded (P20). */
  OTEL_TRACES_SAMPLER_RATIO: ratio().default(1),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
