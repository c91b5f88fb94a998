import { checkAuthorization, checkCallAddresses, codeCallGraph } from './deploy-checks';
import { loose, mutate, named, useFixtures } from './fixtures';

// The Istio AuthorizationPolicies allow exactly the call graph the code declares:
// an app calls T over gRPC iff its config schema has T_GRPC_URL, and the payment
// provider over HTTP iff it has PAYMENT_PROVIDER_URL. No hand-kept list: when a
// schema gains PAYMENT -> INVENTORY_GRPC_URL, these tests fail until the policies
// (deploy/istio/authorization-policies.yaml) and the addresses follow.
const f = useFixtures();

describe('mesh authorization = the call graph in the code', () => {
  it('derives the call graph from the config schemas', () => {
    const graph = [...codeCallGraph(f.apps).keys()];
    expect(graph).toContain('ingress -> gateway');
    expect(graph).toContain('gateway -> user');
  });

  it('allows exactly those calls, denies by default and denies every admin port', () => {
    expect(checkAuthorization(f.apps, f.kind)).toEqual([]);
  });

  it('every call address points at the target Service and serving port (Kubernetes and compose)', () => {
    expect(checkCallAddresses(f.apps, f.kind, f.compose)).toEqual([]);
  });

  describe('fails on a broken copy', () => {
    it('a new call in the code (payment -> inventory) without its policy', () => {
      const withCall = f.apps.map((app) =>
        app.name === 'payment'
          ? {
              ...app,
              calls: [
                ...app.calls,
                { target: 'inventory', variable: 'INVENTORY_GRPC_URL', protocol: 'grpc' as const },
              ],
            }
          : app,
      );
      expect(checkAuthorization(withCall, f.kind)).toContain(
        'istio: the code calls payment -> inventory (INVENTORY_GRPC_URL) but no AuthorizationPolicy allows it',
      );
    });

    it('a policy allowing a caller the code does not have', () => {
      const broken = mutate(f.kind, named('AuthorizationPolicy', 'user-callers'), (p) => {
        loose(p).spec.rules[0].from[0].source.principals.push('cluster.local/ns/shop/sa/notification');
      });
      expect(checkAuthorization(f.apps, broken)).toContain(
        'istio: user-callers allows notification -> user, a call the code does not make',
      );
    });

    it('a policy opening the admin port', () => {
      const broken = mutate(f.kind, named('AuthorizationPolicy', 'user-callers'), (p) => {
        loose(p).spec.rules[0].to[0].operation.ports = ['50051', '9101'];
      });
      expect(checkAuthorization(f.apps, broken)).toContain(
        "istio: user-callers must allow exactly user's serving port 50051, allows [50051, 9101]",
      );
    });

    it('an admin port missing from the deny policy, and no default deny', () => {
      const broken = mutate(f.kind, named('AuthorizationPolicy', 'deny-admin-ports'), (p) => {
        loose(p).spec.rules[0].to[0].operation.ports = ['9100'];
      }).filter((o) => !named('AuthorizationPolicy', 'allow-nothing')(o));
      const problems = checkAuthorization(f.apps, broken);
      expect(problems).toContain(
        "istio: payment-provider's admin port 9106 is not denied to every caller (P24)",
      );
      expect(problems.some((p) => p.startsWith('istio: no allow-nothing AuthorizationPolicy'))).toBe(true);
    });

    it('a caller pointing at the wrong port', () => {
      const broken = mutate(
        f.kind,
        (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('gateway-config'),
        (cm) => {
          loose(cm).data.USER_GRPC_URL = 'user.shop.svc.cluster.local:9101';
        },
      );
      expect(checkCallAddresses(f.apps, broken, f.compose)).toContain(
        'kubernetes: gateway USER_GRPC_URL=user.shop.svc.cluster.local:9101, want user.shop.svc.cluster.local:50051',
      );
    });
  });
});
