import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AuthHttpController } from '../auth/auth.http-controller';
import { UsersHttpController } from '../users/users.http-controller';
import { accountSubject } from './bucket-keys';
import { ROUTE_LIMITS, routeLimitsOf } from './route-limits';

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
