import { queryService, waitUntil } from '@shop/testing';
import { adminSession, login } from './support/auth';
import { gateway, newCustomer } from './support/gateway';

// The foundation's two paths, through the running system:
//   request: gateway --HTTP--> gateway --gRPC--> user --> user_db
//   event:   user_db outbox --relay--> Kafka user.registered.v1 --> notification (inbox) --> notification_db
describe('foundation: request path and event path', () => {
  it('registers a user through the gateway and stores it in user_db', async () => {
    const customer = newCustomer();
    const res = await gateway().post('/v1/users').send(customer).expect(201);

    expect(res.body).toEqual({
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: customer.email,
      name: customer.name,
      role: 'customer',
      createdAt: expect.any(String),
    });
    expect(res.headers['location']).toBe(`/v1/users/${res.body.userId}`);
    const rows = await queryService('user', 'SELECT email, password_hash FROM users WHERE id = $1', [
      res.body.userId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['password_hash']).toMatch(/^scrypt\$/); // never the plain password

    // Reading a profile needs a token since issue #3: the user reads itself.
    const { auth } = await login(customer.email, customer.password);
    const fetched = await gateway().get('/v1/me').set(auth).expect(200);
    expect(fetched.body).toMatchObject({ userId: res.body.userId, email: customer.email });
  });

  it('delivers user.registered through the outbox to notification exactly once', async () => {
    const res = await gateway().post('/v1/users').send(newCustomer()).expect(201);
    const userId: string = res.body.userId;

    const [outboxRow] = await waitUntil(
      async () => {
        const rows = await queryService(
          'user',
          'SELECT event_id, published_at FROM outbox WHERE subject = $1',
          [userId],
        );
        return rows[0]?.['published_at'] ? rows : undefined;
      },
      { description: 'the outbox row to be published' },
    );
    const notifications = await waitUntil(
      async () => {
        const rows = await queryService(
          'notification',
          'SELECT kind, source_event_id FROM notifications WHERE user_id = $1',
          [userId],
        );
        return rows.length > 0 ? rows : undefined;
      },
      { description: 'the welcome notification' },
    );
    expect(notifications).toEqual([{ kind: 'welcome', source_event_id: outboxRow?.['event_id'] }]);
    const inbox = await queryService(
      'notification',
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
      [outboxRow?.['event_id']],
    );
    expect(inbox[0]?.['n']).toBe(1);
  });

  describe('errors are problem+json with a trace id', () => {
    const expectProblem = (
      res: { headers: Record<string, string>; body: Record<string, unknown> },
      status: number,
    ) => {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status,
        title: expect.any(String),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    };

    it('400 with field errors for invalid input, and nothing is written', async () => {
      const bad = { email: 'not-an-email', password: 'short', name: '' };
      const res = await gateway().post('/v1/users').send(bad).expect(400);
      expectProblem(res, 400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['email', 'name', 'password']);
      const rows = await queryService('user', 'SELECT 1 FROM users WHERE email = $1', [bad.email]);
      expect(rows).toHaveLength(0);
    });

    it('400 for malformed JSON', async () => {
      const res = await gateway()
        .post('/v1/users')
        .set('content-type', 'application/json')
        .send('{"email": "a@b.c", ')
        .expect(400);
      expectProblem(res, 400);
    });

    it('409 USER.EMAIL_TAKEN when the email is registered (gRPC ALREADY_EXISTS mapped)', async () => {
      const customer = newCustomer();
      await gateway().post('/v1/users').send(customer).expect(201);
      const res = await gateway().post('/v1/users').send(customer).expect(409);
      expectProblem(res, 409);
      expect(res.body.code).toBe('USER.EMAIL_TAKEN');
    });

    it('404 USER.NOT_FOUND for an unknown user (gRPC NOT_FOUND mapped)', async () => {
      const { auth } = await adminSession(); // GET /v1/users/:id is admin-only since issue #3
      const res = await gateway().get('/v1/users/00000000-0000-4000-8000-000000000000').set(auth).expect(404);
      expectProblem(res, 404);
      expect(res.body.code).toBe('USER.NOT_FOUND');
    });

    it('404 for an unknown route', async () => {
      const res = await gateway().get('/v1/nothing-here').expect(404);
      expectProblem(res, 404);
    });
  });
});
