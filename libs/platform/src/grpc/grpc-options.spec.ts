import { grpcClientOptions } from './grpc-options';

describe('grpcClientOptions', () => {
  const options = grpcClientOptions({ url: 'user:50051', package: 'shop.user.v1', protoPath: 'user.proto' })
    .options as { channelOptions?: Record<string, number>; keepalive?: object };

  it('caps the reconnect backoff: a dependency that starts late or restarts is used within seconds', () => {
    expect(options.channelOptions?.['grpc.max_reconnect_backoff_ms']).toBeLessThanOrEqual(5_000);
    expect(options.channelOptions?.['grpc.initial_reconnect_backoff_ms']).toBeLessThanOrEqual(1_000);
  });

  it('keeps the channel alive with pings (P01, P07)', () => {
    expect(options.keepalive).toMatchObject({ keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 10_000 });
  });
});
