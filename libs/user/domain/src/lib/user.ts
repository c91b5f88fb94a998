import { err, ok, Result } from '@shop/shared-kernel';
import { Email, invalid } from './email';
import { UserRegistered } from './user-registered.event';

export type Role = 'customer' | 'admin';

export interface UserSnapshot {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

export interface RegistrationInput {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly now: Date;
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128; // bounds the KDF's work per request (P26)
export const NAME_MAX_LENGTH = 100;

/** The user aggregate. Registration validates input and records the event to publish. */
export class User {
  private constructor(
    readonly snapshot: UserSnapshot,
    readonly events: readonly UserRegistered[] = [],
  ) {}

  /** Checks the raw input; the password is hashed by the caller only when this passes. */
  static validateRegistration(
    input: Omit<RegistrationInput, 'id' | 'now'>,
  ): Result<{ email: Email; name: string }> {
    const email = Email.parse(input.email);
    if (!email.ok) return email;
    const name = input.name.trim();
    if (name.length === 0 || name.length > NAME_MAX_LENGTH) {
      return err(invalid('name', `must be 1-${NAME_MAX_LENGTH} characters`));
    }
    if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH) {
      return err(invalid('password', `must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`));
    }
    return ok({ email: email.value, name });
  }

  static register(input: { id: string; email: Email; name: string; passwordHash: string; now: Date }): User {
    const snapshot: UserSnapshot = {
      id: input.id,
      email: input.email.value,
      name: input.name,
      role: 'customer',
      passwordHash: input.passwordHash,
      createdAt: input.now,
    };
    const event: UserRegistered = {
      type: UserRegistered.type,
      userId: snapshot.id,
      email: snapshot.email,
      name: snapshot.name,
      registeredAt: snapshot.createdAt.toISOString(),
    };
    return new User(snapshot, [event]);
  }

  static fromSnapshot(snapshot: UserSnapshot): User {
    return new User(snapshot);
  }
}
