import { gateway, newCustomer } from './gateway';

/** The demo admin seeded by `make up` (scripts/local/seed.sh). LOCAL DEMO DEFAULTS; override with env. */
export const demoAdmin = {
  email: process.env['E2E_ADMIN_EMAIL'] ?? 'admin@shop.local',
  password: process.env['E2E_ADMIN_PASSWORD'] ?? 'admin-password-1',
};

export interface Session {
  userId: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
  /** `{ authorization: 'Bearer ...' }` for supertest's `.set(...)`. */
  auth: { authorization: string };
}

/** POST /v1/auth/login; fails the test unless 200. */
export async function login(email: string, password: string): Promise<Omit<Session, 'name' | 'password'>> {
  const res = await gateway().post('/v1/auth/login').send({ email, password }).expect(200);
  return {
    userId: res.body.user.userId,
    email,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { authorization: `Bearer ${res.body.accessToken}` },
  };
}

/** A new customer, registered and logged in. */
export async function newSession(): Promise<Session> {
  const customer = newCustomer();
  await gateway().post('/v1/users').send(customer).expect(201);
  return { ...customer, ...(await login(customer.email, customer.password)) };
}

export const adminSession = () => login(demoAdmin.email, demoAdmin.password);
