import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LOCAL_INFRA } from '../testing/local-infra';
import { applyMigrations, runMigrations } from './run-migrations';

class CreateWidgets1700000000001 implements MigrationInterface {
  name = 'CreateWidgets1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE widgets (id uuid PRIMARY KEY, name text NOT NULL)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

class AddWidgetColor1700000000002 implements MigrationInterface {
  name = 'AddWidgetColor1700000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE widgets ADD COLUMN color text NOT NULL DEFAULT 'red'");
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE widgets DROP COLUMN color');
  }
}

class CreateGadgets1700000000003 implements MigrationInterface {
  name = 'CreateGadgets1700000000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE gadgets (id int PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE gadgets');
  }
}

class BrokenMigration1700000000004 implements MigrationInterface {
  name = 'BrokenMigration1700000000004';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT * FROM table_that_does_not_exist');
  }
  async down(): Promise<void> {
    // nothing to undo
  }
}

async function withSuperuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: LOCAL_INFRA.superuserUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('migrations on a fresh database (run as a separate step, never at boot)', () => {
  const database = `platform_migrate_${randomBytes(4).toString('hex')}`;
  const url = LOCAL_INFRA.superuserUrl.replace(/\/postgres$/, `/${database}`);
  const logger = pino({ level: 'silent' });
  const tables = () =>
    withDatabase((client) =>
      client
        .query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .then((result) => result.rows.map((row) => row.table_name).sort()),
    );
  async function withDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(() => withSuperuser((client) => client.query(`CREATE DATABASE ${database}`)));
  afterAll(() => withSuperuser((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)));

  it('applies pending migrations in order, logs each, and is a no-op when re-run', async () => {
    const info = jest.spyOn(logger, 'info');
    const applied = await applyMigrations({
      url,
      migrations: [CreateWidgets1700000000001, AddWidgetColor1700000000002],
      logger,
    });
    expect(applied).toEqual(['CreateWidgets1700000000001', 'AddWidgetColor1700000000002']);
    expect(info).toHaveBeenCalledWith({ migration: 'CreateWidgets1700000000001' }, 'migration applied');
    expect(await tables()).toEqual(['migrations', 'widgets']);
    const columns = await withDatabase((client) =>
      client.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'widgets' ORDER BY column_name",
      ),
    );
    expect(columns.rows.map((row: { column_name: string }) => row.column_name)).toEqual([
      'color',
      'id',
      'name',
    ]);

    await expect(
      applyMigrations({ url, migrations: [CreateWidgets1700000000001, AddWidgetColor1700000000002], logger }),
    ).resolves.toEqual([]);
  });

  it('applies all pending migrations in ONE transaction: a failure leaves nothing behind', async () => {
    await expect(
      applyMigrations({
        url,
        migrations: [
          CreateWidgets1700000000001,
          AddWidgetColor1700000000002,
          CreateGadgets1700000000003,
          BrokenMigration1700000000004,
        ],
        logger,
      }),
    ).rejects.toThrow(/table_that_does_not_exist/);
    expect(await tables()).toEqual(['migrations', 'widgets']); // gadgets (applied before the failure) rolled back
    const recorded = await withDatabase((client) => client.query('SELECT name FROM migrations ORDER BY id'));
    expect(recorded.rows.map((row: { name: string }) => row.name)).toEqual([
      'CreateWidgets1700000000001',
      'AddWidgetColor1700000000002',
    ]);
  });

  it('as a command: exit code 1 with a clear message when DATABASE_URL is missing or the run fails', async () => {
    const previousExitCode = process.exitCode;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(runMigrations({ name: 'widgets', migrations: [], env: {} })).resolves.toBe(false);
      expect(process.exitCode).toBe(1);
      expect(String(stderr.mock.calls.map((call) => call[0]).join(''))).toContain(
        'DATABASE_URL: is required but not set',
      );

      process.exitCode = undefined;
      const fatal = jest.spyOn(logger, 'fatal');
      await expect(
        runMigrations({ name: 'widgets', migrations: [BrokenMigration1700000000004], url, logger, env: {} }),
      ).resolves.toBe(false);
      expect(process.exitCode).toBe(1);
      expect(fatal).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.any(Error) }),
        expect.stringContaining('migrations failed'),
      );

      process.exitCode = undefined;
      await expect(
        runMigrations({ name: 'widgets', migrations: [CreateWidgets1700000000001], url, logger, env: {} }),
      ).resolves.toBe(true);
      expect(process.exitCode).toBeUndefined();
    } finally {
      stderr.mockRestore();
      process.exitCode = previousExitCode;
    }
  });
});
