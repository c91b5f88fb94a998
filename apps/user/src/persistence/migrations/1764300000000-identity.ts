import { sqlMigration } from '@shop/platform';

/** Login sessions (refresh-token families), profile updates and addresses (issue #3). */
export const Identity1764300000000 = sqlMigration('Identity1764300000000', {
  up: [
    `ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,

    // One row per login. Revoking the family (logout, detected reuse) is one
    // update that disables every token of it, including one issued a moment ago.
    `CREATE TABLE refresh_token_families (
      id            uuid PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at    timestamptz NOT NULL DEFAULT now(),
      revoked_at    timestamptz,
      revoke_reason text CHECK (revoke_reason IN ('logout', 'reuse_detected'))
    )`,
    `CREATE INDEX refresh_token_families_user_id_idx ON refresh_token_families (user_id)`,

    // Only the SHA-256 of a token is stored: a copy of this table opens no session.
    `CREATE TABLE refresh_tokens (
      id         uuid PRIMARY KEY,
      family_id  uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
      token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at    timestamptz,
      CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
    )`,
    `CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)`,
    `CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at)`,

    `CREATE TABLE addresses (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      line1       text NOT NULL,
      line2       text NOT NULL DEFAULT '',
      city        text NOT NULL,
      postal_code text NOT NULL,
      country     char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
      created_at  timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX addresses_user_id_created_at_idx ON addresses (user_id, created_at)`,
  ],
  down: [
    'DROP TABLE addresses',
    'DROP TABLE refresh_tokens',
    'DROP TABLE refresh_token_families',
    'ALTER TABLE users DROP COLUMN updated_at',
  ],
});
