// What `list` shows and what the gateway's GET /v1/lab/faults serves: the knobs' current
// values, and the state file that carries the active ones to the gateway. The CLI is the
// one place knobs are turned, so it is the one writer; it rewrites the file after every
// list, set and clear from what it has just read back (not from what it meant to set).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Knob } from './knob-table.ts';

export interface Reading {
  readonly knob: Knob;
  /** Undefined when the knob cannot be read now: `unavailable` says why. */
  readonly value: string | undefined;
  /** Where the knob lives: a URL, a process, a proxy link. */
  readonly where: string;
  /** Why there is no value, and how to get one. */
  readonly unavailable?: string;
}

export const isOn = (reading: Reading): boolean =>
  reading.value !== undefined && reading.value !== reading.knob.off;

/** The state file's content (apps/gateway/src/lab reads it): only the knobs that are on. */
export interface FaultState {
  readonly updatedAt: string;
  readonly knobs: readonly { name: string; value: string; simulates: string }[];
}

export function faultState(readings: readonly Reading[], now: Date): FaultState {
  return {
    updatedAt: now.toISOString(),
    knobs: readings
      .filter(isOn)
      .map(({ knob, value }) => ({ name: knob.name, value: value ?? '', simulates: knob.simulates })),
  };
}

/** Written aside, then renamed over the old file: a reader never sees half of it. */
export function writeFaultState(path: string, state: FaultState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}

/** `list`: one line per knob, active ones marked `*`, unreadable ones with the reason. */
export function formatReadings(readings: readonly Reading[]): string {
  const rows = readings.map((reading) => [
    reading.knob.name,
    `${isOn(reading) ? '* ' : '  '}${reading.value ?? '-'}`,
    reading.knob.off,
    reading.value === undefined
      ? `${reading.where} (${reading.unavailable ?? 'unavailable'})`
      : reading.where,
  ]);
  const header = ['KNOB', '  VALUE', 'OFF', 'WHERE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
