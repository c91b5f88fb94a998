import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@shop/platform';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';
import { Public, Roles } from './auth.decorators';
import { JwksCache } from './jwks-cache';
import { bearerToken, JwtAuthGuard } from './jwt-auth.guard';
import { TEST_USER_ID, testIssuer, type TestIssuer } from './testing/test-tokens';

class Routes {
  @Public() open() {
    return 'open';
  }
  secured() {
    return 'secured';
  }
  @Roles('admin') adminOnly() {
    return 'admin';
  }
}
@Public()
class PublicRoutes {
  anything() {
    return 'anything';
  }
}

interface Call {
  context: ExecutionContext;
  request: { headers: Record<string, string>; user?: unknown };
  replyHeaders: Record<string, string>;
}

function call(handler: () => void, authorization?: string, cls: object = Routes): Call {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const request = { headers };
  const replyHeaders: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => ((replyHeaders[name] = value), reply) };
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, replyHeaders };
}

describe('JwtAuthGuard (global): secure by default, pinned verification', () => {
  let issuer: TestIssuer;
  let impostor: TestIssuer;
  let keysAvailable: boolean;
  let guard: JwtAuthGuard;

  beforeAll(async () => {
    issuer = await testIssuer('kid-1');
    impostor = await testIssuer('kid-1'); // same kid, another key: a forger's best try
  });
  beforeEach(() => {
    keysAvailable = true;
    const keys = new JwksCache({
      fetchJwks: async () => {
        if (!keysAvailable) throw new Error('down');
        return JSON.stringify({ keys: [issuer.publicJwk] });
      },
      ttlMs: 60_000,
      minRefreshIntervalMs: 0,
    });
    guard = new JwtAuthGuard(new Reflector(), new AccessTokenVerifier(keys));
  });

  const rejection = async (c: Call): Promise<AppError> => {
    const error = await guard.canActivate(c.context).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error;
  };
  const expect401 = async (c: Call, challenge = /^Bearer realm="shop", error="invalid_token"/) => {
    const error = await rejection(c);
    expect([error.httpStatus, error.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    expect(c.replyHeaders['www-authenticate']).toMatch(challenge);
    expect(c.request.user).toBeUndefined();
    return error;
  };

  it('lets @Public() routes and controllers through without a token', async () => {
    await expect(guard.canActivate(call(Routes.prototype.open).context)).resolves.toBe(true);
    await expect(
      guard.canActivate(call(PublicRoutes.prototype.anything, undefined, PublicRoutes).context),
    ).resolves.toBe(true);
  });

  it('accepts a valid token and exposes the caller', async () => {
    const c = call(Routes.prototype.secured, `Bearer ${await issuer.sign()}`);
    await expect(guard.canActivate(c.context)).resolves.toBe(true);
    expect(c.request.user).toEqual({ userId: TEST_USER_ID, email: 'ada@example.com', roles: ['customer'] });
  });

  it('401 without a token, with a bare Bearer challenge (RFC 6750)', async () => {
    await expect401(call(Routes.prototype.secured), /^Bearer realm="shop"$/);
    await expect401(call(Routes.prototype.secured, 'Basic YWRhOnB3'), /^Bearer realm="shop"$/);
    await expect401(call(Routes.prototype.secured, 'Bearer'), /^Bearer realm="shop"$/);
  });

  it('401 for an expired token, telling the client to refresh', async () => {
    const token = await issuer.sign({ issuedAtOffsetSeconds: -1_000, expiresInSeconds: 900 });
    const error = await expect401(call(Routes.prototype.secured, `Bearer ${token}`));
    expect(error.message).toMatch(/expired.*refresh/);
  });

  it('401 for a tampered payload (roles escalated by hand)', async () => {
    const [header, , signature] = (await issuer.sign()).split('.');
    const forged = base64url.encode(
      JSON.stringify({
        sub: TEST_USER_ID,
        email: 'ada@example.com',
        roles: ['admin'],
        iss: 'shop-user',
        aud: 'shop',
      }),
    );
    await expect401(call(Routes.prototype.adminOnly, `Bearer ${header}.${forged}.${signature}`));
  });

  it('401 for a token signed by another key under a known kid', async () => {
    await expect401(call(Routes.prototype.secured, `Bearer ${await impostor.sign()}`));
  });

  it.each([
    ['another issuer', { iss: 'evil' }],
    ['another audience', { aud: 'payments' }],
    ['another token type (an id token, say)', { typ: 'JWT' }],
    ['roles that do not exist', { roles: ['root'] }],
    ['no roles', { roles: [] }],
    ['a subject that is not a user id', { sub: 'admin' }],
  ])('401 for %s', async (_label, overrides) => {
    await expect401(call(Routes.prototype.secured, `Bearer ${await issuer.sign(overrides)}`));
  });

  it('401 for alg "none" and for HS256 keyed with the public key (algorithm confusion)', async () => {
    const unsecured = new UnsecuredJWT({ email: 'x@example.com', roles: ['admin'] })
      .setSubject(TEST_USER_ID)
      .setIssuer('shop-user')
      .setAudience('shop')
      .setExpirationTime('5m')
      .encode();
    await expect401(call(Routes.prototype.secured, `Bearer ${unsecured}`));
    const hs256 = await new SignJWT({ email: 'x@example.com', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.kid, typ: 'at+jwt' })
      .setSubject(TEST_USER_ID)
      .setIssuer('shop-user')
      .setAudience('shop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(issuer.publicJwk)));
    await expect401(call(Routes.prototype.secured, `Bearer ${hs256}`));
  });

  it('401 for an oversized token before any parsing', async () => {
    await expect401(call(Routes.prototype.secured, `Bearer ${'a'.repeat(5_000)}`));
  });

  it('403 AUTH.FORBIDDEN for a customer on an admin route; admins pass', async () => {
    const customer = call(Routes.prototype.adminOnly, `Bearer ${await issuer.sign()}`);
    const error = await rejection(customer);
    expect([error.httpStatus, error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const admin = call(
      Routes.prototype.adminOnly,
      `Bearer ${await issuer.sign({ roles: ['customer', 'admin'] })}`,
    );
    await expect(guard.canActivate(admin.context)).resolves.toBe(true);
  });

  it('503 AUTH.KEYS_UNAVAILABLE, not 401, when no key could ever be loaded', async () => {
    keysAvailable = false;
    const error = await rejection(call(Routes.prototype.secured, `Bearer ${await issuer.sign()}`));
    expect([error.httpStatus, error.code]).toEqual([503, 'AUTH.KEYS_UNAVAILABLE']);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer   abc.def-_~+/=', 'abc.def-_~+/='],
    ['Bearer abc def', undefined],
    ['Basic abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p -> %p', (header, token) => expect(bearerToken(header)).toBe(token));
});
