import { Client } from 'pg';
import { ServiceName, serviceDatabaseUrl } from './service-databases';

const services: ServiceName[] = ['order', 'payment', 'inventory', 'user', 'notification'];

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

// Each service owns its database; the grants, not good manners, keep
// one service out of another's tables (infra/postgres/create-service-db.sql).
describe('database per service, enforced by grants (P08, P12)', () => {
  it.each(services)('%s_svc can use its own database', async (service) => {
    const client = await connect(serviceDatabaseUrl(service));
    try {
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows[0]?.db).toBe(`${service}_db`);
    } finally {
      await client.end();
    }
  });

  it.each(services.map((owner, i) => [services[(i + 1) % services.length] as ServiceName, owner]))(
    '%s_svc cannot connect to %s_db',
    async (intruder, owner) => {
      const url = serviceDatabaseUrl(intruder).replace(`/${intruder}_db`, `/${owner}_db`);
      await expect(connect(url)).rejects.toThrow(/permission denied for database/);
    },
  );
});
