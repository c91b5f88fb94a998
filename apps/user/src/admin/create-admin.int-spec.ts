import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ScratchDatabase } from '@shop/testing';
import { createUserTestDatabase } from '../testing/user.under-test';

const run = promisify(execFile);
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** `node dist/apps/user/src/create-admin.js`, exactly as scripts/local/seed.sh runs it. */
async function createAdmin(env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/user/src/create-admin.js'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      timeout: 30_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('create-admin: the idempotent operator command behind the demo admin', () => {
  let db: ScratchDatabase;
  const email = () => `admin-${randomBytes(4).toString('hex')}@shop.local`;

  beforeAll(async () => {
    db = await createUserTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates an admin with a user.registered outbox event, then leaves it unchanged on a rerun', async () => {
    const adminEmail = email();
    const env = { DATABASE_URL: db.url, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin-password-1' };
    const first = await createAdmin(env);
    expect(first).toMatchObject({ code: 0, output: expect.stringContaining('"outcome":"created"') });
    const [admin] = await db.query<{ id: string; role: string; password_hash: string }>(
      'SELECT id, role, password_hash FROM users WHERE email = $1',
      [adminEmail],
    );
    expect(admin).toMatchObject({ role: 'admin', password_hash: expect.stringMatching(/^scrypt\$/) });
    const events = await db.query('SELECT event_type FROM outbox WHERE subject = $1', [admin?.id]);
    expect(events).toEqual([{ event_type: 'shop.user.registered.v1' }]);

    const second = await createAdmin(env);
    expect(second).toMatchObject({ code: 0, output: expect.stringContaining('"outcome":"unchanged"') });
    expect(await db.query('SELECT 1 FROM users WHERE email = $1', [adminEmail])).toHaveLength(1);
  });

  it('promotes an existing customer without touching the password', async () => {
    const customerEmail = email();
    await db.query(
      `INSERT INTO users (id, email, name, role, password_hash) VALUES (gen_random_uuid(), $1, 'C', 'customer', 'scrypt$keep')`,
      [customerEmail],
    );
    const result = await createAdmin({
      DATABASE_URL: db.url,
      ADMIN_EMAIL: customerEmail,
      ADMIN_PASSWORD: 'other-password',
    });
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('"outcome":"promoted"') });
    expect(await db.query('SELECT role, password_hash FROM users WHERE email = $1', [customerEmail])).toEqual(
      [{ role: 'admin', password_hash: 'scrypt$keep' }],
    );
  });

  it('fails with exit code 1 and a clear message on missing or invalid input', async () => {
    const missing = await createAdmin({ DATABASE_URL: db.url });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/ADMIN_EMAIL: is required/);
    const weak = await createAdmin({ DATABASE_URL: db.url, ADMIN_EMAIL: email(), ADMIN_PASSWORD: 'short' });
    expect(weak.code).toBe(1);
    expect(weak.output).toContain('USER.INVALID_INPUT');
  });
});
