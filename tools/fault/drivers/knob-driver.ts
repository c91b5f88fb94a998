import type { Knob } from '../knob-table.ts';
import type { Reading } from '../fault-state.ts';

/** Reads and turns the knobs of one group (the `group` of knob-table.ts). */
export interface KnobDriver {
  read(knobs: readonly Knob[]): Promise<Reading[]>;
  /** `value` is already parsed by the knob's kind. */
  set(knob: Knob, value: string): Promise<void>;
}

/** Every knob of `knobs` unreadable for the same reason. */
export const unavailable = (knobs: readonly Knob[], where: string, why: string): Reading[] =>
  knobs.map((knob) => ({ knob, value: undefined, where, unavailable: why }));
