import { readFileSync } from 'node:fs';
import { checkLocalPorts, KNOWN_EPHEMERAL_RANGES, type EphemeralRange } from './deploy-checks';
import { localListeners } from './deploy-model';

// `make up` starts every app in one network namespace, so a listening port inside
// the kernel's ephemeral range can be taken by another app's outgoing connection
// first: `make up` once died with EADDRINUSE 0.0.0.0:50054 because inventory's
// Kafka client had been given local port 50054 (docs/conventions.md#local-ports).

/** This machine's own range, when it has one to read (Linux). */
function machineRange(): EphemeralRange[] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return [{ source: 'this machine', low: Number(low), high: Number(high) }];
  } catch {
    return [];
  }
}

describe('local mode listens outside every ephemeral port range', () => {
  const listeners = localListeners();

  it('reads every app port and every infrastructure port', () => {
    const names = listeners.map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'gateway HTTP_PORT',
        'gateway ADMIN_PORT',
        'payment GRPC_PORT',
        'payment-provider HTTP_PORT',
        'infra PGPORT',
        'infra KAFKA_PORT',
        'infra JAEGER_UI_PORT',
      ]),
    );
    expect(names.filter((n) => n.endsWith(' GRPC_PORT'))).toHaveLength(5);
  });

  it('no listener in the Linux default, the IANA or this machine range; no port used twice', () => {
    expect(checkLocalPorts(listeners, [...KNOWN_EPHEMERAL_RANGES, ...machineRange()])).toEqual([]);
  });

  describe('fails on a broken copy', () => {
    it("payment's gRPC port back on 50054, where the incident happened", () => {
      const broken = listeners.map((l) => (l.name === 'payment GRPC_PORT' ? { ...l, port: 50054 } : l));
      expect(checkLocalPorts(broken, KNOWN_EPHEMERAL_RANGES)).toEqual([
        'payment GRPC_PORT=50054 lies in the ephemeral range 32768-60999 (Linux default (net.ipv4.ip_local_port_range)): ' +
          'an outgoing connection can take it before the server starts',
        'payment GRPC_PORT=50054 lies in the ephemeral range 49152-65535 (IANA dynamic range (macOS, Windows)): ' +
          'an outgoing connection can take it before the server starts',
      ]);
    });

    it('two listeners on one port', () => {
      const broken = [...listeners, { name: 'order ADMIN_PORT', port: 9100 }];
      expect(checkLocalPorts(broken, KNOWN_EPHEMERAL_RANGES)).toContain(
        'gateway ADMIN_PORT and order ADMIN_PORT both listen on 9100',
      );
    });
  });
});
