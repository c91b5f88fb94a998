import { loadConfig } from '@shop/platform';
import { notificationConfigSchema } from './notification.config';

const env = {
  SERVICE_NAME: 'notification',
  ADMIN_PORT: '9105',
  GRPC_PORT: '50055',
  DATABASE_URL: 'postgres://notification_svc:notification_svc@127.0.0.1:5432/notification_db',
  KAFKA_BROKERS: '127.0.0.1:9092',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '1025',
};

describe('notification config (P25)', () => {
  it('accepts the local settings with bounded SMTP defaults', () => {
    const config = loadConfig(notificationConfigSchema, env);
    expect(config.SMTP_CONNECTION_TIMEOUT_MS).toBeGreaterThan(0);
    expect(config.SMTP_SEND_TIMEOUT_MS).toBeGreaterThan(0);
    expect(config.NOTIFICATION_SEND_LEASE_MS).toBeGreaterThanOrEqual(2 * config.SMTP_SEND_TIMEOUT_MS);
  });

  it('refuses a lease that a slow send could outlive (it would be sent twice)', () => {
    expect(() =>
      loadConfig(notificationConfigSchema, {
        ...env,
        SMTP_SEND_TIMEOUT_MS: '20000',
        NOTIFICATION_SEND_LEASE_MS: '30000',
      }),
    ).toThrow(/NOTIFICATION_SEND_LEASE_MS/);
  });

  it('requires the SMTP relay', () => {
    const { SMTP_HOST: _host, ...withoutHost } = env;
    expect(() => loadConfig(notificationConfigSchema, withoutHost)).toThrow(/SMTP_HOST/);
  });
});
