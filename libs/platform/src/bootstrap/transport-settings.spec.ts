import { GrpcContracts } from '@shop/contracts';
import { ConfigError } from '../config/load-config';
import { DEFAULT_BODY_LIMIT_BYTES, transportSettings } from './transport-settings';
import { thrownBy } from '@shop/testing';

describe('transportSettings', () => {
  const config = { HTTP_PORT: 8080, GRPC_PORT: 50051, HTTP_BODY_LIMIT_BYTES: 65_536 };
  const grpc = { packages: ['shop.user.v1'], protoPaths: ['/protos/user.proto'] };

  it('starts only the transports asked for', () => {
    expect(transportSettings(config, {})).toEqual({ http: undefined, grpc: undefined });
    expect(transportSettings(config, { grpc })).toEqual({
      http: undefined,
      grpc: {
        packages: ['shop.user.v1', 'grpc.health.v1'],
        protoPaths: ['/protos/user.proto', GrpcContracts.health.protoPath],
        host: '0.0.0.0',
        port: 50051,
      },
    });
  });

  it('binds every server to BIND_HOST, all interfaces when it is not set', () => {
    const local = { ...config, BIND_HOST: '127.0.0.1' };
    expect(transportSettings(local, { http: {}, grpc })).toMatchObject({
      http: { host: '127.0.0.1', port: 8080 },
      grpc: { host: '127.0.0.1', port: 50051 },
    });
    expect(transportSettings(config, { http: {} }).http?.host).toBe('0.0.0.0');
  });

  it('takes the body limit as a number, from config, or the default', () => {
    expect(transportSettings(config, { http: {} }).http).toEqual({
      host: '0.0.0.0',
      port: 8080,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    });
    expect(transportSettings(config, { http: { bodyLimitBytes: 10 } }).http?.bodyLimitBytes).toBe(10);
    expect(
      transportSettings(config, { http: { bodyLimitBytes: (c) => c.HTTP_BODY_LIMIT_BYTES } }).http
        ?.bodyLimitBytes,
    ).toBe(65_536);
  });

  it('is a configuration error to ask for a server whose port variable is missing (P25)', () => {
    expect(() => transportSettings({}, { http: {}, grpc })).toThrow(ConfigError);
    expect(thrownBy(ConfigError, () => transportSettings({}, { http: {}, grpc })).problems).toEqual([
      'HTTP_PORT: is required for the HTTP server (add it to the schema)',
      'GRPC_PORT: is required for the gRPC server (add it to the schema)',
    ]);
  });
});
