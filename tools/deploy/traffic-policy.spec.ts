import { checkTrafficPolicy, durationMs } from './deploy-checks';
import { loose, mutate, named, useFixtures } from './fixtures';

// Outlier detection and connection pools on every Service. Every
// route declares its retries, and only idempotent ones retry. No mesh timeout
// is shorter than the deadline its callers give the call.
const f = useFixtures();

describe('mesh traffic policy within the budgets', () => {
  it('parses Istio durations', () => {
    expect([durationMs('2s'), durationMs('2500ms'), durationMs('1m'), durationMs('soon')]).toEqual([
      2000,
      2500,
      60_000,
      undefined,
    ]);
  });

  it('DestinationRules, retries and timeouts are consistent with the code', () => {
    expect(checkTrafficPolicy(f.apps, f.kind)).toEqual([]);
  });

  describe('fails on a broken copy', () => {
    it('retries on the catch-all (non-idempotent) route', () => {
      const broken = mutate(f.kind, named('VirtualService', 'user'), (v) => {
        loose(v).spec.http[1].retries = { attempts: 2, retryOn: 'unavailable' };
      });
      expect(checkTrafficPolicy(f.apps, broken)).toContain(
        'istio: VirtualService user route commands retries a route that is not limited to idempotent calls (P05)',
      );
    });

    it('retries on writes at the edge', () => {
      const broken = mutate(f.kind, named('VirtualService', 'gateway-ingress'), (v) => {
        loose(v).spec.http[1].retries = { attempts: 1, perTryTimeout: '2500ms', retryOn: '5xx' };
        loose(v).spec.http[1].timeout = '6s';
      });
      expect(checkTrafficPolicy(f.apps, broken)).toContain(
        'istio: VirtualService gateway-ingress route writes retries a route that is not limited to idempotent calls (P05)',
      );
    });

    it('a mesh timeout shorter than the caller deadline, a per-try timeout under the gateway budget', () => {
      const broken = mutate(
        f.kind,
        (o) => named('VirtualService', 'user')(o) || named('VirtualService', 'gateway-ingress')(o),
        (v) => {
          if (v.metadata.name === 'user') loose(v).spec.http[0].timeout = '500ms';
          else loose(v).spec.http[0].retries.perTryTimeout = '1s';
        },
      );
      const problems = checkTrafficPolicy(f.apps, broken);
      expect(problems).toContain(
        "istio: VirtualService user route queries times out after 500 ms, before its callers' own deadline of 2000 ms (P04)",
      );
      expect(problems).toContain(
        "istio: VirtualService gateway-ingress route reads perTryTimeout 1000 ms must exceed gateway's GRPC_DEADLINE_MS 2000 ms (P04)",
      );
    });

    it('a route relying on Istio default retries, a Service without outlier detection', () => {
      const broken = mutate(
        f.kind,
        (o) => named('VirtualService', 'payment-provider')(o) || named('DestinationRule', 'order')(o),
        (o) => {
          if (o.kind === 'VirtualService') delete loose(o).spec.http[0].retries;
          else delete loose(o).spec.trafficPolicy.outlierDetection;
        },
      );
      const problems = checkTrafficPolicy(f.apps, broken);
      expect(problems).toContain(
        'istio: VirtualService payment-provider route provider does not declare its retries (P05)',
      );
      expect(problems).toContain(
        'istio: order has no DestinationRule with outlierDetection and connectionPool (P01, P06)',
      );
    });
  });
});
