import { FaultError } from '../fault-error.ts';
import type { Reading } from '../fault-state.ts';
import type { Knob } from '../knob-table.ts';
import { unavailable, type KnobDriver } from './knob-driver.ts';

/**
 * The payment provider simulator's own knobs, changed at run time through its test-only
 * API (apps/payment-provider/src/simulator/simulator.http-controller.ts): GET shows them,
 * PUT changes the fields it is given. They live in the simulator's memory, so a restart of
 * payment-provider (make up, app.payment-provider down then running) turns them all off.
 */
export class PaymentProviderDriver implements KnobDriver {
  private readonly knobsUrl: string;

  constructor(providerUrl: string) {
    this.knobsUrl = `${providerUrl}/v1/_simulator/knobs`;
  }

  async read(knobs: readonly Knob[]): Promise<Reading[]> {
    let values: Record<string, unknown>;
    try {
      values = (await this.call('GET')) as Record<string, unknown>;
    } catch (error) {
      const failure = error as FaultError;
      return unavailable(knobs, `payment-provider ${this.knobsUrl}`, `${failure.message}; ${failure.fix}`);
    }
    return knobs.map((knob) => ({
      knob,
      value: String(values[knob.target]),
      where: `payment-provider ${this.knobsUrl} ${knob.target}`,
    }));
  }

  async set(knob: Knob, value: string): Promise<void> {
    await this.call('PUT', { [knob.target]: Number(value) });
  }

  private async call(method: 'GET' | 'PUT', body?: object): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.knobsUrl, {
        method,
        signal: AbortSignal.timeout(5_000),
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new FaultError(
        `payment-provider is not answering (${(error as Error).message})`,
        'is the system up? run make up (or, if only it is down: make fault ARGS="set app.payment-provider running")',
      );
    }
    if (!response.ok) {
      throw new FaultError(
        `${method} ${this.knobsUrl} answered ${response.status}: ${await response.text()}`,
        'the simulator refused the value: see the bounds in apps/payment-provider/src/simulator/knobs.ts',
      );
    }
    return response.json();
  }
}
