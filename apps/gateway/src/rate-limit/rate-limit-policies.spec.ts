import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AuthHttpController } from '../auth/auth.http-controller';
import { UsersHttpController } from '../users/users.http-controller';
import { accountSubject, ROUTE_LIMITS, routeLimitsOf } from './rate-limit-policies';

/** `POST /v1/auth/login` from a controller method's Nest metadata. */
function routeOf(controller: new (...args: never[]) => unknown, method: string): string {
  const handler = (controller.prototype as Record<string, object>)[method] as object;
  const segments = [
    Reflect.getMetadata(PATH_METADATA, controller),
    Reflect.getMetadata(PATH_METADATA, handler),
  ]
    .map((segment: string) => segment.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);
  const verb = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  return `${verb} /${segments.join('/')}`;
}

describe('route limits', () => {
  it('name routes that exist (a renamed route must not silently lose its limit)', () => {
    expect(Object.keys(ROUTE_LIMITS).sort()).toEqual(
      [routeOf(AuthHttpController, 'login'), routeOf(UsersHttpController, 'register')].sort(),
    );
  });

  it('login: per IP (every attempt) and per account (failed attempts only)', () => {
    const limits = routeLimitsOf('POST', '/v1/auth/login');
    const input = { ip: '203.0.113.7', body: { email: 'ada@example.com', password: 'x' } };
    expect(limits.map((limit) => [limit.policy, limit.subject(input), !!limit.failuresOnly])).toEqual([
      ['login-ip', '203.0.113.7', false],
      ['login-account', accountSubject(input.body), true],
    ]);
  });

  it('registration per IP; other routes and unmatched requests have none', () => {
    expect(routeLimitsOf('POST', '/v1/users').map((limit) => limit.policy)).toEqual(['register-ip']);
    expect(routeLimitsOf('GET', '/v1/users/:userId')).toEqual([]);
    expect(routeLimitsOf('GET', undefined)).toEqual([]);
  });
});

describe('the login-account subject', () => {
  it('login-account: the email as the user service compares it, hashed (no address in Redis)', () => {
    const subject = accountSubject({ email: 'Ada@Example.com ', password: 'x' });
    expect(subject).toMatch(/^[0-9a-f]{32}$/);
    expect(subject).toBe(accountSubject({ email: 'ada@example.com' }));
    expect(subject).not.toBe(accountSubject({ email: 'bob@example.com' }));
    expect(JSON.stringify(subject)).not.toContain('ada');
  });

  it('login-account: no string email, no account limit (validation rejects it; the IP limits still apply)', () => {
    expect(accountSubject({ email: 42 })).toBeUndefined();
    expect(accountSubject({ email: '   ' })).toBeUndefined();
    expect(accountSubject(undefined)).toBeUndefined();
    expect(accountSubject('{"email":"a@b.c"}')).toBeUndefined();
  });
});
