// Scenario knobs come from the environment: `make load SCENARIO=stress ORDER_RATE=30` or
// `k6 run -e ORDER_RATE=30 k6/stress.ts` (k6's __ENV holds both), with defaults sized for the
// 2-core development machine.

export function envNumber(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export function envString(name: string, fallback: string): string {
  const raw = __ENV[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** The gateway every request goes to. */
export const BASE_URL = envString('BASE_URL', 'http://127.0.0.1:8080').replace(/\/$/, '');
