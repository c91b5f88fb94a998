// One gRPC hop between two services, measured the way the gateway makes it: a @grpc/grpc-js
// client (one HTTP/2 channel, as GrpcClientsModule keeps) calling the running inventory service,
// open-model (calls start on a clock, latency counted from the scheduled start), for
//  - grpc.health.v1.Health/Check: the transport, interceptors and Nest's dispatch, no work;
//  - shop.inventory.v1.InventoryService/GetProduct of a cached product: what the gateway's
//    GET /v1/products/{id} spends beyond HTTP (the hop plus one Redis GET).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { arrivalOffsets } from '../../src/lib/executors.ts';
import { distribution, type Distribution } from './stats.ts';

type Unary = (
  request: object,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null) => void,
) => void;

export interface HopResult {
  rpc: string;
  ratePerSecond: number;
  errors: number;
  latencyMs: Distribution;
}

export async function measureGrpcHops(options: {
  protoRoot: string;
  address: string;
  productId: string;
  ratePerSecond: number;
  durationSeconds: number;
  log: (line: string) => void;
}): Promise<HopResult[]> {
  const definition = protoLoader.loadSync(
    ['grpc/health/v1/health.proto', 'shop/inventory/v1/inventory.proto'],
    {
      includeDirs: [options.protoRoot],
      defaults: true,
    },
  );
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    shop: { inventory: { v1: { InventoryService: grpc.ServiceClientConstructor } } };
  };
  const credentials = grpc.credentials.createInsecure();
  const health = new loaded.grpc.health.v1.Health(options.address, credentials);
  const inventory = new loaded.shop.inventory.v1.InventoryService(options.address, credentials, {
    // The channel options a long-lived client uses: one channel, keepalive.
    'grpc.keepalive_time_ms': 30_000,
  });
  const calls: [string, Unary, object][] = [
    ['grpc.health.v1.Health/Check', (health['Check'] as Unary).bind(health), { service: '' }],
    [
      'shop.inventory.v1.InventoryService/GetProduct',
      (inventory['GetProduct'] as Unary).bind(inventory),
      { productId: options.productId },
    ],
  ];
  const results: HopResult[] = [];
  try {
    for (const [rpc, call, request] of calls) {
      const once = () =>
        new Promise<void>((resolve, reject) =>
          call(request, { deadline: Date.now() + 2_000 }, (error) => (error ? reject(error) : resolve())),
        );
      for (let i = 0; i < 50; i++) await once(); // warm-up: channel, JIT
      const latencies: number[] = [];
      let errors = 0;
      const origin = performance.now();
      const inFlight = new Set<Promise<void>>();
      for (const offset of arrivalOffsets({
        executor: 'constant-arrival-rate',
        rate: options.ratePerSecond,
        duration: `${options.durationSeconds}s`,
        preAllocatedVUs: 1,
        exec: rpc,
      })) {
        const due = origin + offset;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        const running = once().then(
          () => void latencies.push(performance.now() - due),
          () => void (errors += 1),
        );
        inFlight.add(running);
        void running.finally(() => inFlight.delete(running));
      }
      await Promise.all(inFlight);
      const result = {
        rpc,
        ratePerSecond: options.ratePerSecond,
        errors,
        latencyMs: distribution(latencies),
      };
      options.log(
        `  ${rpc}: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${errors} errors`,
      );
      results.push(result);
    }
  } finally {
    health.close();
    inventory.close();
  }
  return results;
}

export const protoRootOf = (repoRoot: string) => join(repoRoot, 'libs', 'contracts', 'proto');
