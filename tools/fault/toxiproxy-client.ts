// The few calls of Toxiproxy's HTTP API (github.com/Shopify/toxiproxy#http-api) that the
// fault knobs need: a link (a "proxy") is enabled or not, and carries "toxics" that
// disturb its traffic. Here one toxic per link: latency on what the server sends back.
import { FaultError } from './fault-error.ts';

export interface Toxic {
  readonly name: string;
  readonly type: string;
  readonly stream: 'upstream' | 'downstream';
  readonly attributes: Record<string, number>;
}

export interface Link {
  readonly name: string;
  readonly listen: string;
  readonly upstream: string;
  readonly enabled: boolean;
  readonly toxics: readonly Toxic[];
}

/** The latency toxic's name: the one toxic these knobs add, so a knob finds it again. */
export const LATENCY_TOXIC = 'latency_downstream';

export class ToxiproxyClient {
  readonly apiUrl: string;

  constructor(apiUrl: string) {
    this.apiUrl = apiUrl;
  }

  async links(): Promise<Record<string, Link>> {
    return (await this.call('GET', '/proxies')) as Record<string, Link>;
  }

  async createLink(name: string, listen: string, upstream: string): Promise<Link> {
    return (await this.call('POST', '/proxies', { name, listen, upstream, enabled: true })) as Link;
  }

  async deleteLink(name: string): Promise<void> {
    await this.call('DELETE', `/proxies/${name}`);
  }

  /** Disabled, a link closes its open connections and refuses new ones: an outage. */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    await this.call('POST', `/proxies/${name}`, { enabled });
  }

  /** Every answer of the server held back this long; 0 removes the toxic. */
  async setLatency(name: string, latencyMs: number): Promise<void> {
    const link = (await this.links())[name];
    if (!link)
      throw new FaultError(
        `Toxiproxy has no link '${name}'`,
        'recreate the links: bash scripts/fault/toxiproxy.sh start',
      );
    const existing = link.toxics.some((toxic) => toxic.name === LATENCY_TOXIC);
    if (latencyMs === 0) {
      if (existing) await this.call('DELETE', `/proxies/${name}/toxics/${LATENCY_TOXIC}`);
      return;
    }
    const attributes = { latency: latencyMs, jitter: 0 };
    if (existing) await this.call('POST', `/proxies/${name}/toxics/${LATENCY_TOXIC}`, { attributes });
    else {
      await this.call('POST', `/proxies/${name}/toxics`, {
        name: LATENCY_TOXIC,
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes,
      });
    }
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        method,
        signal: AbortSignal.timeout(5_000),
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new FaultError(
        `Toxiproxy is not answering on ${this.apiUrl} (${(error as Error).message})`,
        'start it with the system: FAULT_PROXY=1 make up (or: bash scripts/fault/toxiproxy.sh start)',
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new FaultError(
        `Toxiproxy: ${method} ${path} answered ${response.status}: ${text}`,
        'see .local/logs/toxiproxy.log',
      );
    }
    return text ? JSON.parse(text) : undefined;
  }
}
