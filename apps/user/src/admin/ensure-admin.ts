import { randomUUID } from 'node:crypto';
import { OutboxWriter } from '@shop/messaging';
import { err, ok, Result } from '@shop/shared-kernel';
import { User } from '@shop/user-domain';
import { DataSource } from 'typeorm';
import { UserRepository } from '../persistence/user.repository';
import { appendUserRegistered } from '../register-user/append-user-registered';
import { PasswordHasher } from '../security/password-hasher.port';

export interface EnsureAdminInput {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

export type EnsureAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure an admin with this email exists: creates it (with its
 * `user.registered` event through the outbox, like any registration) or
 * promotes the existing user. Idempotent. An existing user's password is never
 * changed: promoting must not silently reset someone's credentials.
 */
export async function ensureAdmin(
  dataSource: DataSource,
  hasher: PasswordHasher,
  input: EnsureAdminInput,
): Promise<Result<{ userId: string; outcome: EnsureAdminOutcome }>> {
  const valid = User.validateRegistration(input);
  if (!valid.ok) return err(valid.error);
  const passwordHash = await hasher.hash(input.password); // outside the transaction: slow, needs no lock
  const users = new UserRepository(dataSource);
  const outbox = new OutboxWriter({ serviceName: 'user' });

  return dataSource.transaction(async (tx) => {
    // The row lock makes two concurrent runs queue instead of racing.
    const existing = await users.lockByEmail(tx, valid.value.email.value);
    if (existing?.role === 'admin') return ok({ userId: existing.id, outcome: 'unchanged' as const });
    if (existing) {
      await users.setRole(tx, existing.id, 'admin');
      return ok({ userId: existing.id, outcome: 'promoted' as const });
    }
    const admin = User.register({
      id: randomUUID(),
      ...valid.value,
      passwordHash,
      now: new Date(),
      role: 'admin',
    });
    // A concurrent registration of the same email can win between the lock and here.
    if (!(await users.insert(tx, admin))) throw new Error('the email was registered concurrently; run again');
    await appendUserRegistered(outbox, tx, admin);
    return ok({ userId: admin.snapshot.id, outcome: 'created' as const });
  });
}
