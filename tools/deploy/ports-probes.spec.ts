import { checkComposePorts, checkK8sPorts } from './deploy-checks';
import { loose, mutate, named, useFixtures } from './fixtures';

// Every port the code listens on (HTTP_PORT / GRPC_PORT / ADMIN_PORT of its schema) is
// declared with the name Istio needs; probes hit the admin endpoints that exist;
// the admin port is never exposed.
const f = useFixtures();

describe('ports and probes', () => {
  it('Kubernetes: ports declared and named, Services expose serving ports only, probes on /livez and /readyz', () => {
    expect(checkK8sPorts(f.apps, f.kind)).toEqual([]);
  });

  it('compose: healthchecks on /readyz, Prometheus scrapes every admin port, only public ports published', () => {
    expect(checkComposePorts(f.apps, f.compose, f.prometheusCompose)).toEqual([]);
  });

  describe('fails on a broken copy', () => {
    it('admin port renamed without the http- prefix', () => {
      const broken = mutate(f.kind, named('Deployment', 'user'), (d) => {
        loose(d).spec.template.spec.containers[0].ports[1].name = 'admin';
      });
      const problems = checkK8sPorts(f.apps, broken);
      expect(problems).toContain('kubernetes: user port 9101 is named "admin", want the http- prefix');
    });

    it('gRPC Service port named for the wrong protocol', () => {
      const broken = mutate(
        f.kind,
        (o) => o.kind === 'Service' && o.metadata.name === 'user' && o.metadata.namespace === 'shop',
        (s) => {
          loose(s).spec.ports[0].name = 'http-api';
        },
      );
      expect(checkK8sPorts(f.apps, broken)).toContain(
        'kubernetes: Service user port "http-api" must be named grpc-* for Istio',
      );
    });

    it('a Service exposing the admin port', () => {
      const broken = mutate(
        f.kind,
        (o) => o.kind === 'Service' && o.metadata.name === 'gateway',
        (s) => {
          loose(s).spec.ports.push({ name: 'http-admin', port: 9100, targetPort: 'http-admin' });
        },
      );
      expect(checkK8sPorts(f.apps, broken)).toContain(
        'kubernetes: Service gateway exposes the admin port 9100 (P24)',
      );
    });

    it('readiness probe on a path the admin server does not serve, liveness on the public port', () => {
      const broken = mutate(f.kind, named('Deployment', 'order'), (d) => {
        const container = loose(d).spec.template.spec.containers[0];
        container.readinessProbe.httpGet.path = '/health';
        container.livenessProbe.httpGet.port = 'grpc-api';
      });
      const problems = checkK8sPorts(f.apps, broken);
      expect(problems).toContain('kubernetes: order readinessProbe GETs /health, want /readyz (P18)');
      expect(problems).toContain(
        'kubernetes: order livenessProbe targets port grpc-api, not the admin port 9102 (P24)',
      );
    });

    it('compose publishing an admin port', () => {
      const broken = structuredClone(f.compose);
      loose(broken.services['user']).ports = ['127.0.0.1:9101:9101'];
      expect(checkComposePorts(f.apps, broken, f.prometheusCompose)).toContain(
        'compose: user publishes its admin port 9101 (P24)',
      );
    });

    it('ConfigMap and container disagree on the admin port', () => {
      const broken = mutate(f.kind, named('ConfigMap', 'payment-config'), (cm) => {
        loose(cm).data.ADMIN_PORT = '9199';
      });
      expect(checkK8sPorts(f.apps, broken)).toContain(
        'kubernetes: payment listens on 9199 but its container does not declare it',
      );
    });
  });
});
