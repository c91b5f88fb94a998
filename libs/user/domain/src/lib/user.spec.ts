import { Email } from './email';
import { User } from './user';

describe('User registration', () => {
  const valid = { email: ' Ada@Example.COM ', name: ' Ada Lovelace ', password: 'correct horse battery' };

  it('normalises email and name', () => {
    const result = User.validateRegistration(valid);
    expect(result.ok && result.value.email.value).toBe('ada@example.com');
    expect(result.ok && result.value.name).toBe('Ada Lovelace');
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ name: '   ' }, 'name'],
    [{ password: 'short' }, 'password'],
    [{ password: 'x'.repeat(129) }, 'password'],
  ])('rejects %o naming the field', (override, field) => {
    const result = User.validateRegistration({ ...valid, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('USER.INVALID_INPUT');
      expect(result.error.fields.map((f) => f.field)).toEqual([field]);
    }
  });

  it('reports every invalid field at once', () => {
    const result = User.validateRegistration({ email: 'x', name: '', password: '' });
    expect(!result.ok && result.error.fields.map((f) => f.field)).toEqual(['email', 'name', 'password']);
  });

  it('records a UserRegistered event as a customer', () => {
    const email = Email.parse('ada@example.com');
    if (!email.ok) throw new Error('fixture');
    const now = new Date('2026-01-02T03:04:05.000Z');
    const user = User.register({ id: 'u-1', email: email.value, name: 'Ada', passwordHash: 'h', now });
    expect(user.snapshot.role).toBe('customer');
    expect(user.events).toEqual([
      {
        type: 'shop.user.registered.v1',
        userId: 'u-1',
        email: 'ada@example.com',
        name: 'Ada',
        registeredAt: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });

  it('validates display names for profile updates the same way', () => {
    expect(User.validateName('  Ada King ')).toEqual({ ok: true, value: 'Ada King' });
    const blank = User.validateName('   ');
    expect(!blank.ok && blank.error.fields.map((f) => f.field)).toEqual(['name']);
    expect(User.validateName('x'.repeat(101)).ok).toBe(false);
  });

  it('registers an admin only when asked to (the operator command)', () => {
    const email = Email.parse('root@example.com');
    if (!email.ok) throw new Error('fixture');
    const admin = User.register({
      id: 'a-1',
      email: email.value,
      name: 'Root',
      passwordHash: 'h',
      now: new Date(),
      role: 'admin',
    });
    expect(admin.snapshot.role).toBe('admin');
    expect(admin.events).toHaveLength(1);
  });
});
