// The search for "the highest rate that still meets the SLO" (make bench, order path): a ladder
// that multiplies the offered rate while every probe holds, then bisects between the last rate
// that held and the first that broke. Pure: the bench runs each probe (15-30 s of load) and asks
// this module for the next rate, so the search is unit-tested without a system.

export interface Probe {
  /** The offered rate (iterations per second). */
  rate: number;
  /** Did this probe meet every objective? */
  ok: boolean;
}

export interface SearchOptions {
  /** The first rate offered. */
  start: number;
  /** Growth factor of the ladder while probes hold (2: 10, 20, 40...). */
  factor: number;
  /** Never offer more than this. */
  max: number;
  /** Never offer less than this (a first probe that breaks is retried lower, down to it). */
  min: number;
  /** At most this many probes in all. */
  maxProbes: number;
  /** Stop bisecting once the bracket (last held, first broke) is narrower than this share of its lower end. */
  resolution: number;
}

/** The highest offered rate that held, below every rate that broke. */
export function bestHeld(probes: readonly Probe[]): Probe | undefined {
  const lowestBroken = Math.min(...probes.filter((p) => !p.ok).map((p) => p.rate));
  return probes.filter((p) => p.ok && p.rate < lowestBroken).sort((a, b) => b.rate - a.rate)[0];
}

/** The rate to probe next, or undefined when the search is done. */
export function nextRate(probes: readonly Probe[], options: SearchOptions): number | undefined {
  if (probes.length === 0) return options.start;
  if (probes.length >= options.maxProbes) return undefined;
  const broken = probes.filter((p) => !p.ok).map((p) => p.rate);
  const held = bestHeld(probes);
  if (broken.length === 0) {
    // Still climbing: the next step of the ladder, or done at the cap.
    const top = Math.max(...probes.map((p) => p.rate));
    return top >= options.max ? undefined : round(Math.min(options.max, top * options.factor));
  }
  const lowestBroken = Math.min(...broken);
  if (!held) {
    // Even the lowest rate tried broke: step down the ladder.
    const lower = round(lowestBroken / options.factor);
    return lower < options.min || lower >= lowestBroken ? undefined : lower;
  }
  if (lowestBroken - held.rate <= held.rate * options.resolution) return undefined;
  const middle = round((held.rate + lowestBroken) / 2);
  return middle <= held.rate || middle >= lowestBroken ? undefined : middle;
}

/** Rates are offered in whole iterations per second (two significant digits above 100). */
function round(rate: number): number {
  if (rate >= 100) return Math.round(rate / 10) * 10;
  return Math.max(1, Math.round(rate));
}
