import request from 'supertest';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';

// The gateway in this process, the real user service as a process (scratch
// database, real Redis and Kafka): authentication end to end over HTTP.
// Ports 22011-22014 (this slice's range); 22098 is closed (services not under test).
const PORTS = { userGrpc: 22011, userAdmin: 22012, http: 22013, admin: 22014, closed: 22098 };

describe('gateway authentication over the real user service', () => {
  let gateway: GatewayUnderTest;
  const http = () => gateway.http();
  const registerAndLogin = () => gateway.registerAndLogin('it');

  beforeAll(async () => {
    gateway = await startGateway({ ports: PORTS });
  }, 90_000);

  afterAll(async () => {
    await gateway?.close();
  });

  const expectProblem = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
  };

  it('login returns a token pair, never cacheable', async () => {
    const { tokens, userId, email } = await registerAndLogin();
    expect(tokens).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      refreshExpiresIn: 604_800,
      user: expect.objectContaining({ userId, email, role: 'customer' }),
    });
    const res = await http().post('/v1/auth/login').send({ email, password: 'correct horse battery' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('401 USER.INVALID_CREDENTIALS with a Bearer challenge, the same for an unknown email', async () => {
    const { email } = await registerAndLogin();
    const wrong = await http().post('/v1/auth/login').send({ email, password: 'wrong password' });
    const unknown = await http()
      .post('/v1/auth/login')
      .send({ email: `x${email}`, password: 'wrong password' });
    for (const res of [wrong, unknown]) {
      expectProblem(res, 401, 'USER.INVALID_CREDENTIALS');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="shop"');
    }
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('GET /v1/me: 401 without a token, the profile with one', async () => {
    const missing = await http().get('/v1/me');
    expectProblem(missing, 401, 'AUTH.UNAUTHENTICATED');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="shop"');

    const { tokens, userId, email } = await registerAndLogin();
    const me = await http().get('/v1/me').set('authorization', `Bearer ${tokens.accessToken}`).expect(200);
    expect(me.body).toEqual({
      userId,
      email,
      name: expect.any(String),
      role: 'customer',
      createdAt: expect.any(String),
    });
  });

  it('401 invalid_token for a tampered token', async () => {
    const { tokens } = await registerAndLogin();
    const [header, payload, signature] = (tokens.accessToken as string).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['customer', 'admin'] })).toString(
      'base64url',
    );
    const res = await http().get('/v1/me').set('authorization', `Bearer ${header}.${forged}.${signature}`);
    expectProblem(res, 401, 'AUTH.UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="shop", error="invalid_token"/);
  });

  it('PATCH /v1/me and addresses, with field-level 400s', async () => {
    const { tokens } = await registerAndLogin();
    const auth = `Bearer ${tokens.accessToken}`;
    const patched = await http()
      .patch('/v1/me')
      .set('authorization', auth)
      .send({ name: 'Renamed' })
      .expect(200);
    expect(patched.body.name).toBe('Renamed');
    expect((await http().get('/v1/me').set('authorization', auth).expect(200)).body.name).toBe('Renamed');

    const bad = await http().patch('/v1/me').set('authorization', auth).send({ name: 42, role: 'admin' });
    expectProblem(bad, 400, 'REQUEST.INVALID');

    const address = { line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' };
    const added = await http().post('/v1/me/addresses').set('authorization', auth).send(address).expect(201);
    expect(added.body).toMatchObject({ ...address, line2: '', addressId: expect.any(String) });
    const list = await http().get('/v1/me/addresses').set('authorization', auth).expect(200);
    expect(list.body).toEqual({ items: [added.body] });

    const invalid = await http()
      .post('/v1/me/addresses')
      .set('authorization', auth)
      .send({ ...address, country: 'XX' });
    expectProblem(invalid, 400, 'REQUEST.INVALID');
    expect(invalid.body.errors).toEqual([{ field: 'country', message: expect.any(String) }]);
  });

  it('refresh rotates; a replayed refresh token is 401; logout ends the session', async () => {
    const { tokens } = await registerAndLogin();
    const rotated = await http()
      .post('/v1/auth/refresh')
      .send({ refreshToken: tokens.refreshToken })
      .expect(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.body.refreshToken).not.toBe(tokens.refreshToken);
    await http().get('/v1/me').set('authorization', `Bearer ${rotated.body.accessToken}`).expect(200);

    const replay = await http().post('/v1/auth/refresh').send({ refreshToken: tokens.refreshToken });
    expectProblem(replay, 401, 'USER.INVALID_REFRESH_TOKEN');

    const again = await registerAndLogin();
    await http().post('/v1/auth/logout').send({ refreshToken: again.tokens.refreshToken }).expect(204);
    const afterLogout = await http()
      .post('/v1/auth/refresh')
      .send({ refreshToken: again.tokens.refreshToken });
    expectProblem(afterLogout, 401, 'USER.INVALID_REFRESH_TOKEN');
  });

  it('GET /v1/users/:id: 403 AUTH.FORBIDDEN for a customer, 200 for an admin', async () => {
    const { tokens, userId } = await registerAndLogin();
    const forbidden = await http()
      .get(`/v1/users/${userId}`)
      .set('authorization', `Bearer ${tokens.accessToken}`);
    expectProblem(forbidden, 403, 'AUTH.FORBIDDEN');

    await gateway.user.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [userId]);
    const promoted = await http()
      .post('/v1/auth/refresh')
      .send({ refreshToken: tokens.refreshToken })
      .expect(200);
    const res = await http()
      .get(`/v1/users/${userId}`)
      .set('authorization', `Bearer ${promoted.body.accessToken}`)
      .expect(200);
    expect(res.body).toMatchObject({ userId, role: 'admin' });
  });

  it('serves the JWKS publicly with Cache-Control, and keeps 404s for unknown routes', async () => {
    const jwks = await http().get('/.well-known/jwks.json').expect(200);
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
    expect(jwks.body.keys).toEqual([
      expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: 'gw-it-key', alg: 'ES256' }),
    ]);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    expectProblem(await http().get('/v1/nothing-here'), 404, 'HTTP.NOT_FOUND');
  });
});
