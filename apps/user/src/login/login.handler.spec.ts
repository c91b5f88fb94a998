import type { UserSnapshot } from '@shop/user-domain';
import type { DataSource } from 'typeorm';
import type { UserRepository } from '../persistence/user.repository';
import type { PasswordHasher } from '../security/password-hasher.port';
import { ScryptPasswordHasher } from '../security/scrypt-password-hasher';
import type { SessionTokens, TokenPair } from '../tokens/session-tokens';
import { LoginHandler } from './login.handler';

describe('LoginHandler: no user enumeration', () => {
  const scrypt = new ScryptPasswordHasher();
  let user: UserSnapshot;
  let verifiedAgainst: string[];
  let handler: LoginHandler;

  beforeAll(async () => {
    user = {
      id: 'u-1',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'customer',
      passwordHash: await scrypt.hash('correct horse battery'),
      createdAt: new Date(),
    };
  });

  beforeEach(async () => {
    verifiedAgainst = [];
    const hasher: PasswordHasher = {
      hash: (password) => scrypt.hash(password),
      verify: (password, encoded) => {
        verifiedAgainst.push(encoded);
        return scrypt.verify(password, encoded);
      },
    };
    const users = {
      findByEmail: async (email: string) => (email === user.email ? user : null),
    } as unknown as UserRepository;
    const dataSource = { transaction: (work: (tx: unknown) => unknown) => work({}) } as unknown as DataSource;
    const pair: TokenPair = {
      accessToken: 'a',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'r',
      refreshExpiresIn: 604_800,
    };
    const sessions = {
      startFamily: async () => ({ token: 'r', expiresIn: 604_800 }),
      pair: async () => pair,
    } as unknown as SessionTokens;
    handler = new LoginHandler(dataSource, users, sessions, hasher);
    await handler.onModuleInit();
  });

  it('logs in with the right password (email normalised)', async () => {
    const result = await handler.execute({ email: ' ADA@example.com ', password: 'correct horse battery' });
    expect(result.ok && result.value.user.id).toBe('u-1');
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    const wrong = await handler.execute({ email: user.email, password: 'wrong password!' });
    const unknown = await handler.execute({ email: 'nobody@example.com', password: 'wrong password!' });
    expect(!wrong.ok && wrong.error.code).toBe('USER.INVALID_CREDENTIALS');
    expect(!unknown.ok && unknown.error).toEqual(!wrong.ok && wrong.error);
  });

  it('runs one scrypt verification for an unknown email too, against a same-cost dummy hash', async () => {
    await handler.execute({ email: 'nobody@example.com', password: 'whatever-123' });
    expect(verifiedAgainst).toHaveLength(1);
    const [dummy] = verifiedAgainst;
    // same scheme and parameters as a real hash: same cost, so the same time
    expect(dummy?.split('$').slice(0, 4)).toEqual(user.passwordHash.split('$').slice(0, 4));
    expect(dummy).not.toEqual(user.passwordHash);
  });

  it('refuses over-long passwords before hashing (P26)', async () => {
    const result = await handler.execute({ email: user.email, password: 'x'.repeat(129) });
    expect(!result.ok && result.error.code).toBe('USER.INVALID_CREDENTIALS');
    expect(verifiedAgainst).toHaveLength(0);
  });
});
