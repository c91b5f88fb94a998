import { ConfigError } from '../config/load-config';

/**
 * Reports a start-up failure on stderr as one JSON log line (for log pipelines)
 * AND as plain text (for a human reading `kubectl logs` or a terminal), then
 * exits 1 so the orchestrator sees the failure immediately.
 */
export function failFast(service: string, error: unknown, exit: (code: number) => never): never {
  const message = error instanceof Error ? error.message : String(error);
  const line = {
    level: 'fatal',
    time: new Date().toISOString(),
    service,
    msg: error instanceof ConfigError ? 'invalid configuration' : 'start-up failed',
    problems: error instanceof ConfigError ? error.problems : undefined,
    err:
      error instanceof Error && !(error instanceof ConfigError) ? { message, stack: error.stack } : undefined,
  };
  process.stderr.write(`${JSON.stringify(line)}\n${service}: ${message}\n`);
  return exit(1);
}
