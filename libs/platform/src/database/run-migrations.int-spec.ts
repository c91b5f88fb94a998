import { ScratchDatabase } from '@shop/testing';
import pino from 'pino';
import { applyMigrations, runMigrations } from './run-migrations';
import { sqlMigration } from './sql-migration';

const CreateWidgets1700000000001 = sqlMigration('CreateWidgets1700000000001', {
  up: ['CREATE TABLE widgets (id uuid PRIMARY KEY, name text NOT NULL)'],
  down: ['DROP TABLE widgets'],
});
const AddWidgetColor1700000000002 = sqlMigration('AddWidgetColor1700000000002', {
  up: ["ALTER TABLE widgets ADD COLUMN color text NOT NULL DEFAULT 'red'"],
  down: ['ALTER TABLE widgets DROP COLUMN color'],
});
const CreateGadgets1700000000003 = sqlMigration('CreateGadgets1700000000003', {
  up: ['CREATE TABLE gadgets (id int PRIMARY KEY)'],
  down: ['DROP TABLE gadgets'],
});
const BrokenMigration1700000000004 = sqlMigration('BrokenMigration1700000000004', {
  up: ['SELECT * FROM table_that_does_not_exist'],
  down: [],
});

describe('migrations on a fresh database (run as a separate step, never at boot)', () => {
  const logger = pino({ level: 'silent' });
  let db: ScratchDatabase;
  const tables = () =>
    db
      .query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      )
      .then((rows) => rows.map((row) => row.table_name).sort());

  beforeAll(async () => {
    db = await ScratchDatabase.create({ prefix: 'platform_migrate' });
  });
  afterAll(() => db?.drop());

  it('applies pending migrations in order, logs each, and is a no-op when re-run', async () => {
    const info = jest.spyOn(logger, 'info');
    const applied = await applyMigrations({
      url: db.url,
      migrations: [CreateWidgets1700000000001, AddWidgetColor1700000000002],
      logger,
    });
    expect(applied).toEqual(['CreateWidgets1700000000001', 'AddWidgetColor1700000000002']);
    expect(info).toHaveBeenCalledWith({ migration: 'CreateWidgets1700000000001' }, 'migration applied');
    expect(await tables()).toEqual(['migrations', 'widgets']);
    const columns = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'widgets' ORDER BY column_name",
    );
    expect(columns.map((row) => row.column_name)).toEqual(['color', 'id', 'name']);

    await expect(
      applyMigrations({
        url: db.url,
        migrations: [CreateWidgets1700000000001, AddWidgetColor1700000000002],
        logger,
      }),
    ).resolves.toEqual([]);
  });

  it('applies all pending migrations in ONE transaction: a failure leaves nothing behind', async () => {
    await expect(
      applyMigrations({
        url: db.url,
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
    const recorded = await db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(recorded.map((row) => row.name)).toEqual([
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
        runMigrations({
          name: 'widgets',
          migrations: [BrokenMigration1700000000004],
          url: db.url,
          logger,
          env: {},
        }),
      ).resolves.toBe(false);
      expect(process.exitCode).toBe(1);
      expect(fatal).toHaveBeenCalledWith(
        expect.objectContaining({ err: expect.any(Error) }),
        expect.stringContaining('migrations failed'),
      );

      process.exitCode = undefined;
      await expect(
        runMigrations({
          name: 'widgets',
          migrations: [CreateWidgets1700000000001],
          url: db.url,
          logger,
          env: {},
        }),
      ).resolves.toBe(true);
      expect(process.exitCode).toBeUndefined();
    } finally {
      stderr.mockRestore();
      process.exitCode = previousExitCode;
    }
  });
});
