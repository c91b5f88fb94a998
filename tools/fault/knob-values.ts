// What `set <knob> <value>` accepts, per kind of knob. Each parser returns the value in
// the one spelling the knobs are read back in (so "on" and a read "on" compare equal), or
// throws a FaultError that says what a valid value looks like.
import { FaultError } from './fault-error.ts';

export interface ValueKind {
  /** For help and errors: `0-120000 (milliseconds)`. */
  readonly accepts: string;
  parse(raw: string): string;
}

const invalid = (raw: string, accepts: string) =>
  new FaultError(`'${raw}' is not a valid value`, `give ${accepts}`);

export const milliseconds = (min: number, max: number): ValueKind => {
  const accepts = `${min}-${max} (milliseconds)`;
  return {
    accepts,
    parse: (raw) => {
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw invalid(raw, accepts);
      return String(Number(raw));
    },
  };
};

export const ratio: ValueKind = {
  accepts: '0-1 (share of calls: 0.25 is one in four)',
  parse: (raw) => {
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || value > 1) throw invalid(raw, ratio.accepts);
    return String(value);
  },
};

export const onOff: ValueKind = {
  accepts: 'on or off',
  parse: (raw) => {
    if (raw !== 'on' && raw !== 'off') throw invalid(raw, onOff.accepts);
    return raw;
  },
};

export const APP_STATES = ['running', 'frozen', 'down'] as const;
export type AppState = (typeof APP_STATES)[number];

export const appState: ValueKind = {
  accepts: 'running, frozen (SIGSTOP) or down (SIGKILL)',
  parse: (raw) => {
    if (!(APP_STATES as readonly string[]).includes(raw)) throw invalid(raw, appState.accepts);
    return raw;
  },
};
