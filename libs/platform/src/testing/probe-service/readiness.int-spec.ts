import { startInfra, stopInfra, type InfraComponent } from '../local-infra';
import { startProbe, type ProbeProcess } from './probe-process';
import { fetchWithTimeout } from '../service-under-test';
import { waitUntil } from '@shop/testing';

interface Healthz {
  status: string;
  dependencies: Record<string, { status: 'up' | 'down'; latency_ms: number; error?: string }>;
}

// Readiness follows each dependency, liveness does not; the service
// reconnects by itself when the dependency comes back.
describe('probe service readiness against real infrastructure (P18, P19)', () => {
  let probe: ProbeProcess;
  const readyz = async () => (await fetchWithTimeout(`${probe.adminUrl}/readyz`)).status;
  const healthz = async () => (await (await fetchWithTimeout(`${probe.adminUrl}/healthz`)).json()) as Healthz;

  beforeAll(async () => {
    probe = await startProbe();
    await probe.waitForReady();
  }, 60_000);

  afterAll(async () => {
    // Whatever happened, leave the infrastructure running for everyone else.
    await Promise.all((['postgres', 'redis', 'kafka'] as const).map((component) => startInfra(component)));
    await probe?.stop();
  }, 240_000);

  it.each<[InfraComponent, string]>([
    ['postgres', 'postgres'],
    ['redis', 'redis'],
    ['kafka', 'kafka'],
  ])(
    'turns not ready when %s stops, names it in /healthz, and ready again when it is back',
    async (component, dependency) => {
      await waitUntil(async () => (await readyz()) === 200, {
        timeoutMs: 30_000,
        description: 'ready before the stop',
      });
      try {
        await stopInfra(component);
        await waitUntil(async () => (await readyz()) === 503, {
          timeoutMs: 20_000,
          description: `/readyz 503 without ${component}`,
        });
        const report = await waitUntil(
          async () => {
            const body = await healthz();
            return body.dependencies[dependency]?.status === 'down' ? body : undefined;
          },
          { timeoutMs: 20_000, description: `/healthz showing ${dependency} down` },
        );
        expect(report.status).toBe('down');
        expect(report.dependencies[dependency]?.error).toEqual(expect.any(String));
        const others = Object.entries(report.dependencies).filter(([name]) => name !== dependency);
        expect(others.map(([, health]) => health.status)).toEqual(others.map(() => 'up'));
        expect((await fetchWithTimeout(`${probe.adminUrl}/livez`)).status).toBe(200); // never restarted for a dependency blip
        expect(probe.logs).toContainEqual(expect.objectContaining({ msg: 'dependency down', dependency }));
      } finally {
        await startInfra(component);
      }
      await waitUntil(async () => (await readyz()) === 200, {
        timeoutMs: 60_000,
        description: `ready again after ${component} restarted`,
      });
      expect((await healthz()).dependencies[dependency]?.status).toBe('up');
    },
    240_000,
  );
});
