import { pgClientConfigFromDataSource } from './pg-client-config';

const timeouts = { connectTimeoutMs: 3_000, statementTimeoutMs: 5_000 };

describe('pgClientConfigFromDataSource', () => {
  it('reuses the url and adds explicit timeouts (P02) and keep-alive', () => {
    const config = pgClientConfigFromDataSource(
      { type: 'postgres', url: 'postgres://u:p@h:5432/order_db' },
      timeouts,
      'order-outbox-relay',
    );
    expect(config).toEqual({
      connectionString: 'postgres://u:p@h:5432/order_db',
      application_name: 'order-outbox-relay',
      connectionTimeoutMillis: 3_000,
      statement_timeout: 5_000,
      query_timeout: 6_000,
      keepAlive: true,
    });
  });

  it('maps discrete connection fields', () => {
    const config = pgClientConfigFromDataSource(
      {
        type: 'postgres',
        host: 'db',
        port: 5433,
        username: 'order_svc',
        password: 'pw',
        database: 'order_db',
      },
      timeouts,
      'x',
    );
    expect(config).toMatchObject({
      host: 'db',
      port: 5433,
      user: 'order_svc',
      password: 'pw',
      database: 'order_db',
    });
  });

  it('refuses anything but PostgreSQL', () => {
    expect(() => pgClientConfigFromDataSource({ type: 'mysql' }, timeouts, 'x')).toThrow(/PostgreSQL/);
  });
});
