import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultState, formatReadings, isOn, writeFaultState, type Reading } from './fault-state';
import { findKnob, knobTable } from './knob-table';

const knobs = knobTable(['payment']);
const reading = (name: string, value: string | undefined, unavailable?: string): Reading => ({
  knob: findKnob(knobs, name),
  value,
  where: 'somewhere',
  ...(unavailable ? { unavailable } : {}),
});

const readings = [
  reading('provider.decline-rate', '1'),
  reading('provider.latency-ms', '0'),
  reading('app.payment', 'frozen'),
  reading('postgres.outage', undefined, 'FAULT_PROXY is off'),
  reading('kafka.outage', 'off'),
];

describe('the fault state', () => {
  it('a knob is on when it reads a value other than its value when off; unreadable is not on', () => {
    expect(readings.map(isOn)).toEqual([true, false, true, false, false]);
  });

  it('the state file holds the knobs that are on, with what they simulate, and when it was read', () => {
    expect(faultState(readings, new Date('2026-03-01T10:00:00Z'))).toEqual({
      updatedAt: '2026-03-01T10:00:00.000Z',
      knobs: [
        { name: 'provider.decline-rate', value: '1', simulates: expect.stringContaining('declined') },
        { name: 'app.payment', value: 'frozen', simulates: expect.stringContaining('payment') },
      ],
    });
  });

  it('is written whole (aside, then renamed), creating its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fault-state-'));
    const file = join(dir, 'faults', 'state.json');
    const state = faultState(readings, new Date());
    writeFaultState(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(readdirSync(join(dir, 'faults'))).toEqual(['state.json']);
  });

  it('list: one aligned line per knob, on marked *, unreadable with the reason', () => {
    const lines = formatReadings(readings).split('\n');
    expect(lines).toHaveLength(readings.length + 1);
    expect(lines[0]).toMatch(/^KNOB\s+VALUE\s+OFF\s+WHERE$/);
    expect(lines[1]).toMatch(/^provider\.decline-rate\s+\* 1\s+0\s+somewhere$/);
    expect(lines[2]).toMatch(/^provider\.latency-ms\s+ {2}0\s+0\s+somewhere$/);
    expect(lines[4]).toMatch(/^postgres\.outage\s+ {2}-\s+off\s+somewhere \(FAULT_PROXY is off\)$/);
    expect(new Set(lines.map((line) => line.indexOf('somewhere')).slice(1)).size).toBe(1);
  });
});
