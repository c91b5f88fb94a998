import { GrpcStatus } from '../../errors/status-mapping';
import { connectGrpcClient } from '../../grpc/connect-grpc-client';
import { startGrpcProbe } from './grpc-probe-process';
import { PROBE_TARGET, type ProbeServiceClient } from './probe-contract';
import { fetchWithTimeout } from '../service-under-test';

// A service with both transports in one process shares one error model, one
// metrics registry and one shutdown.
describe('hybrid service: HTTP and gRPC in one process', () => {
  it('serves both with deadlines, errors and metrics, and stops both on SIGTERM', async () => {
    const probe = await startGrpcProbe({}, true);
    const { client, close } = connectGrpcClient<ProbeServiceClient>(probe.grpcUrl, PROBE_TARGET, 1_000);
    try {
      await probe.waitForReady();

      const relayed = await client.relay({ sleepMs: 1 });
      expect(relayed.downstreamRemainingMs).toBeGreaterThan(0);
      expect(relayed.downstreamRemainingMs).toBeLessThan(relayed.incomingRemainingMs);
      await expect(client.fail({ kind: 'app' })).rejects.toMatchObject({
        code: 'PROBE.BAD_KIND',
        grpcStatus: GrpcStatus.INVALID_ARGUMENT,
      });

      const notFound = await fetchWithTimeout(`${probe.httpUrl}/missing`);
      expect(notFound.status).toBe(404);
      expect(notFound.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await notFound.json()).toMatchObject({ code: 'HTTP.NOT_FOUND' });

      const metrics = await (await fetchWithTimeout(`${probe.adminUrl}/metrics`)).text();
      expect(metrics).toMatch(/^rpc_server_duration_seconds_count\{[^}]*method="Relay",code="OK"/m);
      expect(metrics).toMatch(
        /^http_server_duration_seconds_count\{[^}]*route="unmatched",status_class="4xx"/m,
      );

      expect(await probe.stop()).toBe(0);
      expect(probe.logs.map((line) => line['msg'])).toContain('shutdown complete');
    } finally {
      close();
      await probe.stop('SIGKILL');
    }
  }, 30_000);
});
