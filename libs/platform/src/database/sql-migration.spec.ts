import type { QueryRunner } from 'typeorm';
import { sqlMigration } from './sql-migration';

describe('sqlMigration', () => {
  const CreateWidgets = sqlMigration('CreateWidgets1700000000001', {
    up: ['CREATE TABLE widgets (id int PRIMARY KEY)', 'CREATE INDEX widgets_idx ON widgets (id)'],
    down: ['DROP TABLE widgets'],
  });

  function recordingRunner() {
    const statements: string[] = [];
    const queryRunner = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
    return { statements, queryRunner };
  }

  it('carries the name TypeORM records and orders by', () => {
    expect(new CreateWidgets().name).toBe('CreateWidgets1700000000001');
  });

  it('runs the up statements in order, and the down statements in order', async () => {
    const migration = new CreateWidgets();
    const up = recordingRunner();
    await migration.up(up.queryRunner);
    expect(up.statements).toEqual([
      'CREATE TABLE widgets (id int PRIMARY KEY)',
      'CREATE INDEX widgets_idx ON widgets (id)',
    ]);
    const down = recordingRunner();
    await migration.down(down.queryRunner);
    expect(down.statements).toEqual(['DROP TABLE widgets']);
  });
});
