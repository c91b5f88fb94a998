import { ClientGrpcProxy } from '@nestjs/microservices';
import { AppError } from '../../errors/app-error';
import { GrpcStatus } from '../../errors/status-mapping';
import { runWithDeadline } from '../../grpc/deadline-context';
import { wrapGrpcService, type GrpcClient } from '../../grpc/grpc-client';
import { grpcClientOptions } from '../../grpc/grpc-options';
import { startGrpcProbe, type GrpcProbeProcess } from './grpc-probe-process';
import { PROBE_PACKAGE, PROBE_PROTO_PATH, PROBE_SERVICE, type ProbeServiceClient } from './probe-contract';
import { fetchWithTimeout } from '../service-under-test';
import { waitUntil } from '@shop/testing';

function connect(url: string, defaultDeadlineMs = 5_000) {
  const proxy = new ClientGrpcProxy(
    grpcClientOptions({ url, package: PROBE_PACKAGE, protoPath: PROBE_PROTO_PATH }).options,
  );
  const client: GrpcClient<ProbeServiceClient> = wrapGrpcService(
    proxy.getService<ProbeServiceClient>(PROBE_SERVICE),
    {
      target: `${PROBE_PACKAGE}.${PROBE_SERVICE}`,
      defaultDeadlineMs,
    },
  );
  return { proxy, client };
}

const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

// Every call has a deadline, the budget shrinks hop by hop, spent
// budgets fail fast; codes survive the hop; gRPC drains on SIGTERM.
describe('gRPC deadlines and errors between real processes (P02, P03, P04, P17)', () => {
  let probe: GrpcProbeProcess;
  let proxy: ClientGrpcProxy;
  let client: GrpcClient<ProbeServiceClient>;

  beforeAll(async () => {
    probe = await startGrpcProbe();
    await probe.waitForReady();
    ({ proxy, client } = connect(probe.grpcUrl));
  }, 60_000);
  afterAll(async () => {
    proxy?.close();
    await probe?.stop();
  });

  it('sends every call with a deadline the server can read (P02)', async () => {
    const response = await client.sleep({ ms: 1 }, { timeoutMs: 800 });
    expect(response.sleptMs).toBe(1);
    expect(response.deadlineRemainingMs).toBeGreaterThan(0);
    expect(response.deadlineRemainingMs).toBeLessThanOrEqual(800);
  });

  it('propagates the remaining budget to the next hop, minus a margin (P03, P04)', async () => {
    const response = await client.relay({ sleepMs: 1 }, { timeoutMs: 1_000 });
    expect(response.incomingRemainingMs).toBeLessThanOrEqual(1_000);
    // GRPC_DEADLINE_MS is 5000 in the probe: the downstream budget comes from the caller's deadline
    expect(response.downstreamRemainingMs).toBeLessThanOrEqual(response.incomingRemainingMs - 40);
    expect(response.downstreamRemainingMs).toBeGreaterThan(0);
  });

  it('stops the whole chain when the first caller gives up (P03)', async () => {
    const started = Date.now();
    const error = await rejectionOf(client.relay({ sleepMs: 3_000 }, { timeoutMs: 400 }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ grpcStatus: GrpcStatus.DEADLINE_EXCEEDED, httpStatus: 504 });
  });

  it('fails fast without a network call once the incoming budget is spent', async () => {
    const error = await rejectionOf(runWithDeadline(Date.now() - 5, () => client.sleep({ ms: 1 })));
    expect(error).toMatchObject({ code: 'RPC.DEADLINE_EXCEEDED', grpcStatus: GrpcStatus.DEADLINE_EXCEEDED });
  });

  it('carries AppError and DomainError codes and field errors across the hop (P17)', async () => {
    expect(await rejectionOf(client.fail({ kind: 'app' }))).toMatchObject({
      code: 'PROBE.BAD_KIND',
      grpcStatus: GrpcStatus.INVALID_ARGUMENT,
      httpStatus: 400,
      message: 'kind is not acceptable',
      fieldErrors: [{ field: 'kind', message: 'ünknown' }],
    });
    expect(await rejectionOf(client.fail({ kind: 'domain' }))).toMatchObject({
      code: 'PROBE.GONE',
      grpcStatus: GrpcStatus.NOT_FOUND,
      httpStatus: 404,
    });
  });

  it('answers an unexpected failure with INTERNAL and a generic message, logged with its stack', async () => {
    const error = (await rejectionOf(client.fail({ kind: 'bug' }))) as AppError;
    expect(error).toMatchObject({ code: 'INTERNAL', grpcStatus: GrpcStatus.INTERNAL });
    expect(error.message).not.toContain('secret');
    const logged = await waitUntil(
      async () => probe.logs.find((line) => line['msg'] === 'gRPC call failed with an unexpected error'),
      { timeoutMs: 2_000, description: 'the error log line' },
    );
    expect(logged).toMatchObject({ path: '/shop.probe.v1.ProbeService/Fail', trace_id: expect.any(String) });
    expect((logged['err'] as { stack: string }).stack).toContain('secret internal detail');
  });

  it('records rpc_server_duration_seconds by service, method and status name (P21)', async () => {
    const metrics = await (await fetchWithTimeout(`${probe.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^rpc_server_duration_seconds_count\{service="shop\.probe\.v1\.ProbeService",method="Sleep",code="OK"/m,
    );
    expect(metrics).toMatch(
      /^rpc_server_duration_seconds_count\{service="shop\.probe\.v1\.ProbeService",method="Fail",code="INVALID_ARGUMENT"/m,
    );
    expect(metrics).toMatch(
      /^rpc_server_duration_seconds_count\{service="shop\.probe\.v1\.ProbeService",method="Relay",code="DEADLINE_EXCEEDED"/m,
    );
  });
});

describe('gRPC graceful shutdown (P01, P19)', () => {
  it('lets an in-flight call finish, refuses new calls with UNAVAILABLE, exits 0', async () => {
    const probe = await startGrpcProbe();
    const { proxy, client } = connect(probe.grpcUrl);
    try {
      await probe.waitForReady();
      await client.sleep({ ms: 1 }); // the channel is connected
      const inFlight = client.sleep({ ms: 1_500 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      probe.child.kill('SIGTERM');
      await waitUntil(async () => (await fetchWithTimeout(`${probe.adminUrl}/readyz`)).status === 503, {
        timeoutMs: 500,
        intervalMs: 10,
        description: '/readyz 503 after SIGTERM',
      });
      const refused = await rejectionOf(client.sleep({ ms: 1 }, { timeoutMs: 1_000 }));
      expect(refused).toMatchObject({ grpcStatus: GrpcStatus.UNAVAILABLE, httpStatus: 503 });
      await expect(inFlight).resolves.toMatchObject({ sleptMs: 1_500 });
      expect(await probe.exited).toBe(0);
    } finally {
      proxy.close();
      await probe.stop('SIGKILL');
    }
  }, 30_000);
});
