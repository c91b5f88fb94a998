import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The statements of one migration, each run in turn. */
export interface SqlMigrationSteps {
  /** Makes the change. */
  readonly up: readonly string[];
  /** Undoes it: the reverse of `up`, newest object first. */
  readonly down: readonly string[];
}

/** A migration class, as TypeORM's `migrations` option takes it. */
export type SqlMigration = new () => MigrationInterface;

/**
 * A TypeORM migration that is plain SQL, so a migration file is its name and
 * its statements: the schema is the lesson, not the class around it.
 *
 * TypeORM records `name` in the `migrations` table, orders migrations by the
 * 13-digit timestamp it ends with, and never runs a recorded name again. A
 * released migration therefore keeps its name forever; a change to a released
 * schema is a new migration.
 */
export function sqlMigration(name: string, steps: SqlMigrationSteps): SqlMigration {
  return class implements MigrationInterface {
    readonly name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of steps.up) await queryRunner.query(statement);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const statement of steps.down) await queryRunner.query(statement);
    }
  };
}
