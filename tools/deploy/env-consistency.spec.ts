import { checkComposeDependencies, checkComposeEnv, checkK8sEnv } from './deploy-checks';
import { loose, mutate, named, useFixtures } from './fixtures';

// The same variables everywhere, and every one an app requires is set. The
// apps' own zod schemas are the contract: a variable added to a schema without a
// default fails these tests until compose and Kubernetes set it.
const f = useFixtures();

describe('P25: every app gets the environment its config schema requires', () => {
  it('covers every app in apps/', () => {
    expect(f.apps.map((app) => app.name)).toEqual(
      expect.arrayContaining([
        'gateway',
        'user',
        'order',
        'inventory',
        'payment',
        'notification',
        'payment-provider',
      ]),
    );
  });

  it('Kubernetes (kind overlay): required variables set, values valid, no unknown variables, local ports', () => {
    expect(checkK8sEnv(f.apps, f.kind, f.ports)).toEqual([]);
  });

  it('docker compose: the same', () => {
    expect(checkComposeEnv(f.apps, f.compose, f.ports)).toEqual([]);
  });

  it('docker compose: every service an app reaches is one it depends on (so `up <app>` starts it)', () => {
    expect(checkComposeDependencies(f.apps, f.compose)).toEqual([]);
  });

  describe('fails on a broken copy', () => {
    it('Kubernetes: a required variable missing (USER_GRPC_URL of gateway)', () => {
      const broken = mutate(
        f.kind,
        named('ConfigMap', 'gateway-config'),
        (cm) => delete cm.data?.['USER_GRPC_URL'],
      );
      expect(checkK8sEnv(f.apps, broken, f.ports)).toContain(
        'kubernetes: gateway requires USER_GRPC_URL (gatewayConfigSchema) but it is not set',
      );
    });

    it('Kubernetes: a secret variable missing (DATABASE_URL of user)', () => {
      const broken = mutate(
        f.kind,
        named('Secret', 'user-secrets'),
        (secret) => delete secret.data?.['DATABASE_URL'],
      );
      expect(checkK8sEnv(f.apps, broken, f.ports)).toContain(
        'kubernetes: user requires DATABASE_URL (userConfigSchema) but it is not set',
      );
    });

    it('Kubernetes: a misspelled variable and an invalid value', () => {
      const broken = mutate(f.kind, named('ConfigMap', 'order-config'), (cm) => {
        const data = cm.data ?? {};
        data['KAFKA_BROKER'] = data['KAFKA_BROKERS'] ?? '';
        data['DB_POOL_MAX'] = 'ten';
      });
      const problems = checkK8sEnv(f.apps, broken, f.ports);
      expect(problems).toContain(
        'kubernetes: order sets KAFKA_BROKER, which orderConfigSchema does not know (typo or stale?)',
      );
      expect(problems.some((p) => p.startsWith('kubernetes: order DB_POOL_MAX:'))).toBe(true);
    });

    it('Kubernetes: a port other than the one containers listen on', () => {
      const broken = mutate(f.kind, named('ConfigMap', 'inventory-config'), (cm) => {
        loose(cm).data.GRPC_PORT = '50099';
      });
      expect(checkK8sEnv(f.apps, broken, f.ports)).toContain(
        'kubernetes: inventory GRPC_PORT=50099 but containers listen on 50053',
      );
    });

    it('compose: notification without its mail server in depends_on (found by the first real compose run)', () => {
      const broken = structuredClone(f.compose);
      const dependsOn = broken.services['notification']?.depends_on as Record<string, unknown>;
      delete dependsOn['mailpit'];
      expect(checkComposeDependencies(f.apps, broken)).toEqual([
        'compose: notification reaches mailpit (SMTP_HOST) but does not depend on it',
      ]);
    });

    it('compose: a required variable missing', () => {
      const broken = structuredClone(f.compose);
      delete broken.services['payment']?.environment?.['KAFKA_BROKERS'];
      expect(checkComposeEnv(f.apps, broken, f.ports)).toContain(
        'compose: payment requires KAFKA_BROKERS (paymentConfigSchema) but it is not set',
      );
    });

    it('a new required variable in the code fails until the manifests set it', () => {
      const gateway = f.apps.find((app) => app.name === 'gateway');
      const withNew = f.apps.map((app) =>
        app === gateway
          ? { ...app, variables: [...app.variables, 'SEARCH_URL'], required: [...app.required, 'SEARCH_URL'] }
          : app,
      );
      expect(checkK8sEnv(withNew, f.kind, f.ports)).toContain(
        'kubernetes: gateway requires SEARCH_URL (gatewayConfigSchema) but it is not set',
      );
      expect(checkComposeEnv(withNew, f.compose, f.ports)).toContain(
        'compose: gateway requires SEARCH_URL (gatewayConfigSchema) but it is not set',
      );
    });
  });
});
