import { z } from 'zod';
import { baseConfigSchema, port } from './config-schema';
import { ConfigError, loadConfig } from './load-config';
import { thrownBy } from '@shop/testing';

const schema = baseConfigSchema.extend({ GRPC_PORT: port(), DATABASE_URL: z.url() });
const valid = {
  SERVICE_NAME: 'order',
  ADMIN_PORT: '9101',
  GRPC_PORT: '50051',
  DATABASE_URL: 'postgres://order_svc:order_svc@127.0.0.1:5432/order_db',
};

describe('loadConfig (P25: fail fast on bad configuration)', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(schema, valid);
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(config.OTEL_TRACES_SAMPLER_RATIO).toBe(1);
  });

  it('names every missing variable at once', () => {
    const error = thrownBy(ConfigError, () => loadConfig(schema, { SERVICE_NAME: 'order' }));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'ADMIN_PORT: is required but not set',
        'GRPC_PORT: is required but not set',
        'DATABASE_URL: is required but not set',
      ]),
    );
    expect(error.message).toContain('DATABASE_URL');
  });

  it('names an invalid variable and says why', () => {
    const error = thrownBy(ConfigError, () => loadConfig(schema, { ...valid, GRPC_PORT: '70000' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^GRPC_PORT: .*65535/);
  });

  it('treats an empty value as unset', () => {
    const error = thrownBy(ConfigError, () => loadConfig(schema, { ...valid, DATABASE_URL: '' }));
    expect(error.problems).toEqual(['DATABASE_URL: is required but not set']);
  });

  it('rejects a sampler ratio outside 0..1', () => {
    const error = thrownBy(ConfigError, () =>
      loadConfig(schema, { ...valid, OTEL_TRACES_SAMPLER_RATIO: '1.5' }),
    );
    expect(error.problems[0]).toMatch(/^OTEL_TRACES_SAMPLER_RATIO: /);
  });
});
