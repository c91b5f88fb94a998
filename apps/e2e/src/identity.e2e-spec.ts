import { createHash } from 'node:crypto';
import { queryService } from '@shop/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { adminSession, newSession } from './support/auth';
import { gateway } from './support/gateway';

// Identity through the running system: gateway (JWT verification, roles) ->
// gRPC -> user service (scrypt, ES256 tokens, refresh rotation) -> user_db.
describe('identity: login, tokens, profile, roles', () => {
  const sha256 = (value: string) => createHash('sha256').update(value).digest();
  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  };
  const familiesOf = (userId: string) =>
    queryService(
      'user',
      'SELECT revoke_reason FROM refresh_token_families WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );

  it('register -> login -> GET /v1/me; the refresh token is stored only as its SHA-256', async () => {
    const session = await newSession();
    const me = await gateway().get('/v1/me').set(session.auth).expect(200);
    expect(me.body).toEqual({
      userId: session.userId,
      email: session.email,
      name: session.name,
      role: 'customer',
      createdAt: expect.any(String),
    });
    const rows = await queryService<{ token_hash: Buffer }>(
      'user',
      `SELECT t.token_hash FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
        WHERE f.user_id = $1`,
      [session.userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash.equals(sha256(session.refreshToken))).toBe(true);
  });

  it('serves the JWKS that verifies the access token (ES256, pinned issuer and audience)', async () => {
    const session = await newSession();
    const jwks = await gateway().get('/.well-known/jwks.json').expect(200);
    expect(jwks.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(jwks.body.keys.every((key: Record<string, unknown>) => key['kty'] === 'EC' && !('d' in key))).toBe(
      true,
    );
    const { payload, protectedHeader } = await jwtVerify(session.accessToken, createLocalJWKSet(jwks.body), {
      algorithms: ['ES256'],
      issuer: 'shop-user',
      audience: 'shop',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: session.userId, email: session.email, roles: ['customer'] });
  });

  it('401 AUTH.UNAUTHENTICATED without a token and with a tampered one', async () => {
    const missing = await gateway().get('/v1/me');
    expectProblem(missing, 401, 'AUTH.UNAUTHENTICATED');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="shop"');

    const session = await newSession();
    const [header, payload, signature] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const escalated = Buffer.from(JSON.stringify({ ...claims, roles: ['customer', 'admin'] })).toString(
      'base64url',
    );
    const tampered = await gateway()
      .get(`/v1/users/${session.userId}`)
      .set('authorization', `Bearer ${header}.${escalated}.${signature}`);
    expectProblem(tampered, 401, 'AUTH.UNAUTHENTICATED');
    expect(tampered.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('login: a wrong password and an unknown email get the same 401', async () => {
    const session = await newSession();
    const wrong = await gateway()
      .post('/v1/auth/login')
      .send({ email: session.email, password: 'wrong password' });
    const unknown = await gateway()
      .post('/v1/auth/login')
      .send({ email: `nobody-${session.email}`, password: 'wrong password' });
    expectProblem(wrong, 401, 'USER.INVALID_CREDENTIALS');
    expectProblem(unknown, 401, 'USER.INVALID_CREDENTIALS');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('refresh rotates; replaying a spent refresh token revokes the whole family', async () => {
    const session = await newSession();
    const rotated = await gateway()
      .post('/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
    await gateway().get('/v1/me').set('authorization', `Bearer ${rotated.body.accessToken}`).expect(200);

    const replay = await gateway().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expectProblem(replay, 401, 'USER.INVALID_REFRESH_TOKEN');
    // the legitimate successor dies with the family: whoever holds it must log in again
    const successor = await gateway()
      .post('/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken });
    expectProblem(successor, 401, 'USER.INVALID_REFRESH_TOKEN');
    expect(await familiesOf(session.userId)).toEqual([{ revoke_reason: 'reuse_detected' }]);
  });

  it('logout revokes the session: its refresh token no longer renews', async () => {
    const session = await newSession();
    await gateway().post('/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    const after = await gateway().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expectProblem(after, 401, 'USER.INVALID_REFRESH_TOKEN');
    expect(await familiesOf(session.userId)).toEqual([{ revoke_reason: 'logout' }]);
  });

  it('403 AUTH.FORBIDDEN for a customer on GET /v1/users/:id; the admin reads it', async () => {
    const session = await newSession();
    const forbidden = await gateway().get(`/v1/users/${session.userId}`).set(session.auth);
    expectProblem(forbidden, 403, 'AUTH.FORBIDDEN');
    const admin = await adminSession();
    const res = await gateway().get(`/v1/users/${session.userId}`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ userId: session.userId, email: session.email, role: 'customer' });
  });

  it('profile and addresses: updates are visible at once (cache invalidated), bad input is a field-level 400', async () => {
    const session = await newSession();
    await gateway().get('/v1/me').set(session.auth).expect(200); // warms the profile cache
    await gateway().patch('/v1/me').set(session.auth).send({ name: 'Renamed In E2E' }).expect(200);
    expect((await gateway().get('/v1/me').set(session.auth).expect(200)).body.name).toBe('Renamed In E2E');

    const address = { line1: '221B Baker Street', city: 'London', postalCode: 'NW1 6XE', country: 'GB' };
    const added = await gateway().post('/v1/me/addresses').set(session.auth).send(address).expect(201);
    const list = await gateway().get('/v1/me/addresses').set(session.auth).expect(200);
    expect(list.body.items).toEqual([added.body]);
    const stored = await queryService(
      'user',
      'SELECT country, postal_code FROM addresses WHERE user_id = $1',
      [session.userId],
    );
    expect(stored).toEqual([{ country: 'GB', postal_code: 'NW1 6XE' }]);

    const bad = await gateway()
      .post('/v1/me/addresses')
      .set(session.auth)
      .send({ ...address, country: 'Narnia' });
    expectProblem(bad, 400, 'REQUEST.INVALID');
    expect(bad.body.errors).toEqual([{ field: 'country', message: expect.any(String) }]);
  });
});
