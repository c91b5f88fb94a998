import { characterCount, err, FieldError, ok, Result } from '@shop/shared-kernel';
import { Email, invalidInput } from './email';
import { UserRegistered } from './user-registered.event';

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
export const PASSWORD_MAX_LENGTH = 128; // bounds the KDF's work per request
export const NAME_MAX_LENGTH = 100;

/** The user aggregate. Registration validates input and records the event to publish. */
export class User {
  private constructor(
    readonly snapshot: UserSnapshot,
    readonly events: readonly UserRegistered[] = [],
  ) {}

  /**
   * Checks the raw input and reports every invalid field at once; the password
   * is hashed by the caller only when this passes.
   */
  static validateRegistration(
    input: Omit<RegistrationInput, 'id' | 'now'>,
  ): Result<{ email: Email; name: string }> {
    const email = Email.parse(input.email);
    const name = User.validateName(input.name);
    const problems: FieldError[] = [];
    if (!email.ok) problems.push(...email.error.fields);
    if (!name.ok) problems.push(...name.error.fields);
    const passwordLength = characterCount(input.password);
    if (passwordLength < PASSWORD_MIN_LENGTH || passwordLength > PASSWORD_MAX_LENGTH) {
      problems.push({
        field: 'password',
        message: `must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`,
      });
    }
    if (!email.ok || !name.ok || problems.length > 0) return err(invalidInput(problems));
    return ok({ email: email.value, name: name.value });
  }

  /** A display name: trimmed, 1-100 characters (registration and profile updates). */
  static validateName(raw: string): Result<string> {
    const name = raw.trim();
    if (name.length === 0 || characterCount(name) > NAME_MAX_LENGTH) {
      return err(invalidInput([{ field: 'name', message: `must be 1-${NAME_MAX_LENGTH} characters` }]));
    }
    return ok(name);
  }

  /** Self-registration makes customers; `role: 'admin'` is for the operator's create-admin command. */
  static register(input: {
    id: string;
    email: Email;
    name: string;
    passwordHash: string;
    now: Date;
    role?: Role;
  }): User {
    const snapshot: UserSnapshot = {
      id: input.id,
      email: input.email.value,
      name: input.name,
      role: input.role ?? 'customer',
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
