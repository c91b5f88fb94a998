import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';
import { err, ok, Result } from '@shop/shared-kernel';
import { Email, PASSWORD_MAX_LENGTH, UserErrors, UserSnapshot } from '@shop/user-domain';
import { DataSource } from 'typeorm';
import { UserRepository } from '../persistence/user.repository';
import { PASSWORD_HASHER, PasswordHasher } from '../security/password-hasher.port';
import { SessionTokens, TokenPair } from '../tokens/session-tokens';

export interface LoginCommand {
  readonly email: string;
  readonly password: string;
}

/**
 * Email + password -> a new session (refresh-token family) and an access token.
 *
 * No user enumeration: an unknown email and a wrong password give the same
 * error, AND take the same time: for an unknown email the password is checked
 * against a dummy hash made with the same scrypt parameters, so the response
 * time does not reveal whether the account exists. scrypt runs on the thread
 * pool either way.
 */
@Injectable()
export class LoginHandler implements OnModuleInit {
  private dummyHash = '';
  private readonly logins: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionTokens,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {
    this.logins = getMeter().createCounter('user_logins_total', {
      description: 'Login attempts by outcome (success, invalid_credentials)',
    });
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hasher.hash(randomBytes(24).toString('base64url'));
  }

  async execute(command: LoginCommand): Promise<Result<{ tokens: TokenPair; user: UserSnapshot }>> {
    // Bounds the KDF's work; says nothing about the account.
    if (command.password.length > PASSWORD_MAX_LENGTH) return this.reject();
    const email = Email.parse(command.email);
    const user = email.ok ? await this.users.findByEmail(email.value.value) : null;
    const matches = await this.hasher.verify(command.password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) return this.reject();

    const now = new Date();
    const refresh = await this.dataSource.transaction((tx) => this.sessions.startFamily(tx, user.id, now));
    const tokens = await this.sessions.pair(user, refresh, now);
    this.logins.add(1, { outcome: 'success' });
    return ok({ tokens, user });
  }

  private reject() {
    this.logins.add(1, { outcome: 'invalid_credentials' });
    return err(UserErrors.invalidCredentials());
  }
}
