// Every fault knob of local mode (make up), in one table: what it simulates, what it
// accepts, its value when off, and which driver turns it (./drivers). `make fault list`
// prints them all; docs/faults.md explains each one and what to watch.
import { FaultError } from './fault-error.ts';
import { appState, milliseconds, onOff, ratio, type ValueKind } from './knob-values.ts';

/** Who turns the knob: the provider simulator's API, a process signal, Toxiproxy, the broker's scripts. */
export type KnobGroup = 'provider' | 'app' | 'link' | 'broker';

export interface Knob {
  /** `provider.latency-ms`, `app.payment`, `postgres.outage`. */
  readonly name: string;
  readonly group: KnobGroup;
  /** The driver's handle: the simulator's field, the app's name, the link's name. */
  readonly target: string;
  readonly simulates: string;
  readonly kind: ValueKind;
  /** The value with the knob off: what `clear` sets, and how `list` tells an active knob. */
  readonly off: string;
}

const provider = (name: string, field: string, kind: ValueKind, off: string, simulates: string): Knob => ({
  name: `provider.${name}`,
  group: 'provider',
  target: field,
  simulates,
  kind,
  off,
});

const link = (target: 'postgres' | 'redis'): Knob[] => [
  {
    name: `${target}.latency-ms`,
    group: 'link',
    target,
    simulates: `a slow network to ${target}: every answer arrives this much later`,
    kind: milliseconds(0, 120_000),
    off: '0',
  },
  {
    name: `${target}.outage`,
    group: 'link',
    target,
    simulates: `${target} unreachable: open connections cut, new ones refused`,
    kind: onOff,
    off: 'off',
  },
];

/** The table, given the apps of scripts/local/apps.sh (one `app.<name>` knob each). */
export function knobTable(apps: readonly string[]): Knob[] {
  return [
    // Off values: the simulator's start-up defaults (apps/payment-provider/src/payment-provider.config.ts).
    provider('latency-ms', 'latencyMs', milliseconds(0, 120_000), '0', 'a slow payment processor'),
    provider('decline-rate', 'declineRate', ratio, '0', 'cards declined by the bank (PAYMENT.DECLINED)'),
    provider('failure-rate', 'failureRate', ratio, '0', 'the provider answers 500 before processing'),
    provider(
      'timeout-rate',
      'timeoutRate',
      ratio,
      '0',
      'the provider processes the call, then never answers (for provider.hang-ms)',
    ),
    provider(
      'hang-ms',
      'hangMs',
      milliseconds(1, 600_000),
      '30000',
      'how long a timed-out provider call hangs',
    ),
    ...apps.map((app): Knob => ({
      name: `app.${app}`,
      group: 'app',
      target: app,
      simulates: `${app} frozen (a GC pause, a stuck event loop) or down (an OOM kill, a lost node)`,
      kind: appState,
      off: 'running',
    })),
    ...link('postgres'),
    ...link('redis'),
    {
      name: 'kafka.outage',
      group: 'broker',
      target: 'kafka',
      simulates: 'the Kafka broker gone: producers buffer in the outboxes, consumers wait',
      kind: onOff,
      off: 'off',
    },
  ];
}

/** The app names of scripts/local/apps.sh (`APPS=(` ... `)`, one `name:has-database` a line). */
export function appNames(appsSh: string): string[] {
  const block = /^APPS=\(\n([\s\S]*?)\n\)/m.exec(appsSh)?.[1];
  if (!block) throw new Error('scripts/local/apps.sh has no APPS=( ... ) list');
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':')[0] ?? line);
}

/** The knob of that name; an unknown name is an error that lists the real ones. */
export function findKnob(knobs: readonly Knob[], name: string): Knob {
  const knob = knobs.find((candidate) => candidate.name === name);
  if (!knob) {
    throw new FaultError(`no knob named '${name}'`, `use one of: ${knobs.map((k) => k.name).join(' ')}`);
  }
  return knob;
}
