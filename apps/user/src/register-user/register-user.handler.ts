import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@shop/messaging';
import { err, ok, Result } from '@shop/shared-kernel';
import { User, UserErrors, UserSnapshot } from '@shop/user-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserRepository } from '../persistence/user.repository';
import { PASSWORD_HASHER, PasswordHasher } from '../security/password-hasher.port';
import { appendUserRegistered } from './append-user-registered';

export interface RegisterUserCommand {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/**
 * Registers a customer. The user row and the `user.registered` event are
 * written in ONE transaction (transactional outbox): either both exist or
 * neither does, whatever crashes when.
 */
@Injectable()
export class RegisterUserHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: RegisterUserCommand): Promise<Result<UserSnapshot>> {
    const input = User.validateRegistration(command);
    if (!input.ok) return input;
    // Hash outside the transaction: it is the slow part and needs no row locks.
    const passwordHash = await this.hasher.hash(command.password);
    const user = User.register({ id: randomUUID(), ...input.value, passwordHash, now: new Date() });

    return this.dataSource.transaction(async (tx) => {
      if (!(await this.users.insert(tx, user))) return err(UserErrors.emailTaken());
      await appendUserRegistered(this.outbox, tx, user);
      return ok(user.snapshot);
    });
  }
}
