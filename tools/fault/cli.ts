// The fault knobs of local mode in one place (docs/faults.md), run by scripts/fault/fault.sh
// (`make fault ARGS="..."`) as plain TypeScript (Node's type stripping):
//   list                      every knob, its value (* = on), its value when off, where it lives
//   set <knob> <value>        turn one knob, e.g. set provider.decline-rate 1
//   clear <knob> | all        back to its value when off (all: every knob that is on)
//   help                      every knob: what it simulates and what it accepts
// After each command the active knobs are written to .local/faults/state.json, which the
// gateway serves as GET /v1/lab/faults (the storefront's "faults on" banner).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultState, formatReadings, isOn, writeFaultState, type Reading } from './fault-state.ts';
import { FaultError } from './fault-error.ts';
import { appNames, findKnob, knobTable, type Knob, type KnobGroup } from './knob-table.ts';
import type { KnobDriver } from './drivers/knob-driver.ts';
import { KafkaBrokerDriver } from './drivers/kafka-broker.driver.ts';
import { LocalAppsDriver } from './drivers/local-apps.driver.ts';
import { PaymentProviderDriver } from './drivers/payment-provider.driver.ts';
import { ToxiproxyDriver } from './drivers/toxiproxy.driver.ts';
import { ToxiproxyClient } from './toxiproxy-client.ts';

// scripts/fault/fault.sh runs this from the repository root and passes the proxy's settings (scripts/fault/lib.sh).
const root = process.cwd();
const stateFile = join(root, '.local', 'faults', 'state.json');
const print = (line: string) => process.stdout.write(`${line}\n`);

const knobs = knobTable(appNames(readFileSync(join(root, 'scripts/local/apps.sh'), 'utf8')));
const providerUrl = /^PAYMENT_PROVIDER_URL=(.+)$/m.exec(
  readFileSync(join(root, 'deploy/local/services.env'), 'utf8'),
)?.[1];
const drivers: Record<KnobGroup, KnobDriver> = {
  provider: new PaymentProviderDriver(providerUrl ?? 'http://127.0.0.1:8090'),
  app: new LocalAppsDriver(root),
  link: new ToxiproxyDriver(
    new ToxiproxyClient(`http://127.0.0.1:${process.env['TOXIPROXY_PORT'] ?? '8474'}`),
    process.env['FAULT_PROXY_MARKER'] ?? join(root, '.local', 'faults', 'proxy-on'),
  ),
  broker: new KafkaBrokerDriver(root),
};
// `clear all` restores in this order: the broker and the links first, then the apps (which
// need them to become ready), then the provider's knobs (which need payment-provider running).
const CLEAR_ORDER: KnobGroup[] = ['broker', 'link', 'app', 'provider'];

async function readAll(selected: readonly Knob[] = knobs): Promise<Reading[]> {
  const groups = [...new Set(selected.map((knob) => knob.group))];
  const readings = (
    await Promise.all(groups.map((group) => drivers[group].read(selected.filter((k) => k.group === group))))
  ).flat();
  return selected.map((knob) => readings.find((reading) => reading.knob === knob) as Reading);
}

/** Reads back what is, writes the state file from it, and returns the readings. */
async function recordState(): Promise<Reading[]> {
  const readings = await readAll();
  writeFaultState(stateFile, faultState(readings, new Date()));
  return readings;
}

async function turn(knob: Knob, value: string): Promise<void> {
  const [before] = await readAll([knob]);
  if (before?.value === undefined)
    throw new FaultError(`${knob.name} cannot be turned now`, before?.unavailable ?? '');
  await drivers[knob.group].set(knob, value);
  const after = (await recordState()).find((reading) => reading.knob === knob);
  print(`${knob.name}: ${before.value} -> ${after?.value ?? '?'}${after && isOn(after) ? ' (on)' : ''}`);
}

async function main(args: string[]): Promise<void> {
  const [command, name, value, ...rest] = args;
  if (command === 'list' && name === undefined) {
    print(formatReadings(await recordState()));
    print(
      `(* = on; the gateway shows the active ones at GET /v1/lab/faults, from ${stateFile.slice(root.length + 1)})`,
    );
  } else if (command === 'set' && name !== undefined && value !== undefined && rest.length === 0) {
    const knob = findKnob(knobs, name);
    await turn(knob, knob.kind.parse(value));
  } else if (command === 'clear' && name !== undefined && value === undefined) {
    if (name !== 'all') return turn(findKnob(knobs, name), findKnob(knobs, name).off);
    const active = (await readAll()).filter(isOn);
    for (const group of CLEAR_ORDER) {
      for (const { knob } of active.filter((reading) => reading.knob.group === group))
        await turn(knob, knob.off);
    }
    if (active.length === 0) await recordState();
    print(active.length === 0 ? 'every knob is off' : `${active.length} knob(s) turned off`);
  } else if (command === 'help' && name === undefined) {
    for (const knob of knobs)
      print(
        `${knob.name.padEnd(26)} ${knob.simulates}\n${''.padEnd(26)} value: ${knob.kind.accepts}; off: ${knob.off}`,
      );
  } else {
    throw new FaultError(
      `usage: fault.sh list | set <knob> <value> | clear <knob>|all | help (got: ${args.join(' ') || 'nothing'})`,
      'make fault ARGS="list" shows every knob; ARGS="help" what each one accepts',
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (!(error instanceof FaultError)) throw error;
  process.stderr.write(`[fault] ERROR: ${error.message}\n[fault]   fix: ${error.fix}\n`);
  process.exitCode = 1;
});
