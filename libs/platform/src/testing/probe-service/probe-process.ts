import { freePorts, spawned, type SpawnedService } from '../service-under-test';
import { LOCAL_INFRA } from '../local-infra';

export type ProbeProcess = SpawnedService;

/** Starts the probe service (HTTP + Postgres + Redis + Kafka) against the local infrastructure. */
export async function startProbe(env: Record<string, string> = {}): Promise<ProbeProcess> {
  const [adminPort, httpPort] = (await freePorts(2)) as [number, number];
  return spawned({
    script: 'dist/libs/platform/src/testing/probe-service/main.js',
    env: {
      SERVICE_NAME: 'probe',
      SERVICE_VERSION: '9.9.9-test',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      BIND_HOST: '127.0.0.1',
      ADMIN_PORT: String(adminPort),
      HTTP_PORT: String(httpPort),
      DATABASE_URL: LOCAL_INFRA.databaseUrl,
      REDIS_URL: LOCAL_INFRA.redisUrl,
      KAFKA_BROKERS: LOCAL_INFRA.kafkaBrokers,
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...env,
    },
  });
}
