import type { Reading } from '../fault-state.ts';
import type { Knob } from '../knob-table.ts';
import type { KnobDriver } from './knob-driver.ts';
import { runScript, scriptSucceeds } from './run-script.ts';

/**
 * A real broker outage: the local Kafka stopped and started by its own scripts
 * (scripts/infra), as the kafka-outage drill does. Not a proxy: a Kafka client asks the
 * bootstrap address for metadata once and then connects to the address the broker
 * advertises (127.0.0.1:9092), so a proxy on another port would see almost no traffic.
 * Proxying Kafka properly needs a listener advertised on the proxy's port, that is a
 * second broker configuration; stopping the broker is the honest outage.
 */
export class KafkaBrokerDriver implements KnobDriver {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async read(knobs: readonly Knob[]): Promise<Reading[]> {
    const running = scriptSucceeds(this.root, 'scripts/infra/status.sh', 'kafka');
    return knobs.map((knob) => ({
      knob,
      value: running ? 'off' : 'on',
      where: 'broker 127.0.0.1:9092 (scripts/infra/stop.sh|start.sh kafka)',
    }));
  }

  async set(_knob: Knob, value: string): Promise<void> {
    runScript(this.root, value === 'on' ? 'scripts/infra/stop.sh' : 'scripts/infra/start.sh', 'kafka');
  }
}
