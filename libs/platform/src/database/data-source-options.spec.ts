import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions (P02 timeouts, P07 bounded pool)', () => {
  const options = dataSourceOptions({
    applicationName: 'order',
    config: {
      DATABASE_URL: 'postgres://order_svc:pw@127.0.0.1:5432/order_db',
      DB_POOL_MAX: 7,
      DB_STATEMENT_TIMEOUT_MS: 4_000,
      DB_CONNECT_TIMEOUT_MS: 2_500,
    },
  });

  it('never lets TypeORM change the schema at boot', () => {
    expect(options).toMatchObject({ type: 'postgres', synchronize: false, migrationsRun: false });
  });

  it('bounds the pool and every wait, and names the connection', () => {
    expect(options).toMatchObject({ applicationName: 'order', poolSize: 7, connectTimeoutMS: 2_500 });
    expect(options.extra).toMatchObject({
      max: 7,
      connectionTimeoutMillis: 2_500,
      statement_timeout: 4_000,
      idle_in_transaction_session_timeout: 8_000,
      query_timeout: 5_000,
    });
  });
});
