import { baseConfigSchema } from './config-schema';
import {
  databaseConfigSchema,
  grpcClientConfigSchema,
  grpcTargetUrl,
  kafkaConfigSchema,
  redisConfigSchema,
} from './dependency-config';
import { thrownBy } from '@shop/testing';
import { ConfigError, loadConfig } from './load-config';

const schema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(redisConfigSchema.shape)
  .extend(kafkaConfigSchema.shape)
  .extend(grpcClientConfigSchema.shape)
  .extend({ USER_GRPC_URL: grpcTargetUrl() });

const env = {
  SERVICE_NAME: 'order',
  ADMIN_PORT: '9102',
  DATABASE_URL: 'postgres://order_svc:order_svc@127.0.0.1:5432/order_db',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  KAFKA_BROKERS: '127.0.0.1:9092, kafka-1.shop.svc:9092',
  USER_GRPC_URL: 'user.shop.svc:50051',
};

describe('dependency config groups (P25: one name, one meaning, checked at start-up)', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(schema, env);
    expect(config).toMatchObject({
      DB_POOL_MAX: 10,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      DB_CONNECT_TIMEOUT_MS: 3_000,
      REDIS_COMMAND_TIMEOUT_MS: 1_000,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_TOPIC_RETENTION_MS: 604_800_000,
      GRPC_DEADLINE_MS: 2_000,
      BIND_HOST: '0.0.0.0',
      SHUTDOWN_DRAIN_DELAY_MS: 0,
    });
  });

  it('parses KAFKA_BROKERS into a trimmed list', () => {
    expect(loadConfig(schema, env).KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'kafka-1.shop.svc:9092']);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL: must be a postgres/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /REDIS_URL: must be a redis/],
    ['KAFKA_BROKERS', 'no-port', /KAFKA_BROKERS\.0: must be host:port/],
    ['USER_GRPC_URL', 'http://user:50051', /USER_GRPC_URL: must be host:port/],
    ['DB_POOL_MAX', '0', /DB_POOL_MAX: /],
  ])('rejects %s=%s naming the variable', (name, value, expected) => {
    const error = thrownBy(ConfigError, () => loadConfig(schema, { ...env, [name]: value }));
    expect(error.problems.join('\n')).toMatch(expected);
  });
});
