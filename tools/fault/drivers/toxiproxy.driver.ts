import { existsSync } from 'node:fs';
import type { Reading } from '../fault-state.ts';
import type { Knob } from '../knob-table.ts';
import { FaultError } from '../fault-error.ts';
import { LATENCY_TOXIC, type ToxiproxyClient } from '../toxiproxy-client.ts';
import { unavailable, type KnobDriver } from './knob-driver.ts';

const FAULT_PROXY_OFF =
  'FAULT_PROXY is off: the apps connect directly; to turn it on: make down && FAULT_PROXY=1 make up';

/**
 * Latency and outages on the apps' links to PostgreSQL and Redis, through Toxiproxy. Only
 * when the system was started with FAULT_PROXY=1: then scripts/local/apps.sh points every
 * DATABASE_URL and REDIS_URL at Toxiproxy's listeners (scripts/fault/lib.sh); otherwise
 * the apps connect directly and there is nothing in between to disturb.
 */
export class ToxiproxyDriver implements KnobDriver {
  private readonly toxiproxy: ToxiproxyClient;
  /** Present while the apps are routed through the proxy (scripts/fault/lib.sh). */
  private readonly markerFile: string;

  constructor(toxiproxy: ToxiproxyClient, markerFile: string) {
    this.toxiproxy = toxiproxy;
    this.markerFile = markerFile;
  }

  async read(knobs: readonly Knob[]): Promise<Reading[]> {
    if (!existsSync(this.markerFile)) return unavailable(knobs, 'direct connection', FAULT_PROXY_OFF);
    let links;
    try {
      links = await this.toxiproxy.links();
    } catch (error) {
      const failure = error as FaultError;
      return unavailable(knobs, this.toxiproxy.apiUrl, `${failure.message}; ${failure.fix}`);
    }
    return knobs.map((knob) => {
      const link = links[knob.target];
      if (!link)
        return {
          knob,
          value: undefined,
          where: this.toxiproxy.apiUrl,
          unavailable: `no link '${knob.target}': bash scripts/fault/toxiproxy.sh start`,
        };
      const where = `toxiproxy ${link.listen} -> ${link.upstream}`;
      if (knob.name.endsWith('.outage')) return { knob, value: link.enabled ? 'off' : 'on', where };
      const latency = link.toxics.find((toxic) => toxic.name === LATENCY_TOXIC)?.attributes['latency'] ?? 0;
      return { knob, value: String(latency), where };
    });
  }

  async set(knob: Knob, value: string): Promise<void> {
    if (!existsSync(this.markerFile))
      throw new FaultError(`${knob.name} needs the fault proxy`, FAULT_PROXY_OFF);
    if (knob.name.endsWith('.outage')) await this.toxiproxy.setEnabled(knob.target, value === 'off');
    else await this.toxiproxy.setLatency(knob.target, Number(value));
  }
}
