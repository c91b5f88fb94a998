const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** k6-style durations: "500ms", "30s", "1m30s", "2h". Numbers are milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`invalid duration ${value}`);
    return value;
  }
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value)
    throw new Error(`invalid duration "${value}" (use e.g. 500ms, 30s, 1m30s, 2h)`);
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (UNITS_MS[unit as string] ?? 0),
    0,
  );
}

/** 90500 -> "1m30.5s": for logs and reports. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Number(((ms % 60_000) / 1_000).toFixed(1));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
