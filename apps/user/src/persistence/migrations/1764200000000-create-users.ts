import { sqlMigration } from '@shop/platform';

export const CreateUsers1764200000000 = sqlMigration('CreateUsers1764200000000', {
  up: [
    `CREATE TABLE users (
      id            uuid PRIMARY KEY,
      email         text NOT NULL,
      name          text NOT NULL,
      role          text NOT NULL CHECK (role IN ('customer', 'admin')),
      password_hash text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_email_key UNIQUE (email)
    )`,
  ],
  down: ['DROP TABLE users'],
});
